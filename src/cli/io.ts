import { stdio } from '../output/stdio.js';
import type { OutputSource } from '../output/writer.js';

/** Where a command prints; tests pass their own. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

let sources: { out: OutputSource; err: OutputSource } | null = null;
// What a command prints is small and never worth a drop report.
const unreported = () => {};
const open = () => (sources ??= { out: stdio().stdout.open(unreported), err: stdio().stderr.open(unreported) });

/** Through the primary's writers, so a message printed at the end follows every worker line. */
export const processIo: Io = {
  out: (text) => void open().out.write(text + '\n'),
  err: (text) => void open().err.write(text + '\n'),
};
