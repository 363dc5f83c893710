/** killTimeout -> --kill-timeout: how an option is spelled on the command line. */
export function flagOf(key: string): string {
  return '--' + key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
}

/** kill-timeout -> killTimeout: config files may use either spelling. */
export function keyOf(name: string): string {
  return name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}
