// Small wording helpers shared by log lines and CLI output.

/** "1 worker", "3 workers". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
