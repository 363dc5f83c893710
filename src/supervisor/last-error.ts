// Picks the line that names the error out of what a worker last printed to stderr.
// Node prints an uncaught exception as: source line, caret, blank, "Error: msg",
// the stack, blank, "Node.js v20...": the last line is never the interesting one.

const errorLine = /^(?:Uncaught )?(?:[\w$.]*(?:Error|Exception)|Error)(?: \[[\w]+\])?: /;
const noise = /^(?:Node\.js v\d|\s+at |\s*\^+\s*$|\s*$|\s*\}\s*$|\s*\{\s*$)/;

export function pickLastError(lines: readonly string[]): string | undefined {
  for (let i = lines.length - 1; i >= 0; i--) {
    if (errorLine.test(lines[i]!)) return lines[i]!.trim();
  }
  for (let i = lines.length - 1; i >= 0; i--) {
    if (!noise.test(lines[i]!)) return lines[i]!.trim();
  }
  return undefined;
}
