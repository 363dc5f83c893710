// The primary's stdout and stderr, each behind one OutputWriter. Created on first use;
// everything the primary prints (its log records, worker lines, CLI messages) goes
// through them, so order holds and a blocked or closed pipe costs bounded memory.
import { OutputWriter } from './writer.js';

export interface Stdio {
  stdout: OutputWriter;
  stderr: OutputWriter;
}

let writers: Stdio | null = null;

export function stdio(): Stdio {
  return (writers ??= { stdout: new OutputWriter(process.stdout), stderr: new OutputWriter(process.stderr) });
}

/** Before exiting: waits (at most timeoutMs) for what is still queued to be written. */
export async function flushStdio(timeoutMs: number): Promise<void> {
  if (!writers) return;
  await Promise.all([writers.stdout.flush(timeoutMs), writers.stderr.flush(timeoutMs)]);
}

/** How long the CLI waits for queued output before it exits. */
export const FLUSH_TIMEOUT_MS = 3000;
