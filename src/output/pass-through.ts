// Worker output as the supervisor passes it on: each line a worker printed goes to the
// supervisor's own stdout or stderr, prefixed with `<name>:<slot> | ` for people.
import type { OutputLine } from '../supervisor/managed-worker.js';

export interface OutputTarget {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export function passThrough(name: string, prefix: boolean, target: OutputTarget = process): (slot: number, line: OutputLine) => void {
  return (slot, line) => {
    const out = line.stream === 'stdout' ? target.stdout : target.stderr;
    out.write(prefix ? `${name}:${slot} | ${line.text}\n` : `${line.text}\n`);
  };
}
