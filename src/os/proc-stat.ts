// /proc/<pid>/stat's fields after the command name. The name may contain spaces and
// parentheses, so the fields start after the last ')': field 0 is the state, 1 the
// parent pid, 11 and 12 utime and stime, 19 the start time, 21 the RSS in pages.

export function statFields(stat: string): string[] {
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}
