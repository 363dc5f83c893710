// Where was a hung worker stuck? Before the heartbeat's SIGKILL, the primary asks the
// worker's inspector for its JavaScript stack. Measured on Node 20: SIGUSR1 starts the
// inspector from a watchdog thread plus a V8 interrupt, and Debugger.pause is served
// the same way, so both work while the main thread spins in `for (;;);` (a diagnostic
// report on a signal does not: its handler is JavaScript on the blocked loop). A
// healthy worker pays nothing: no thread, no open port, until SIGUSR1 (see
// src/worker/inspector-port.ts). The whole capture is bounded, so the kill is delayed
// by at most timeoutMs.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { logEvent } from '../log-events.js';
import type { Logger } from '../logger.js';
import type { SupervisorEvents } from '../supervisor/events.js';
import { InspectorClient, type InspectorEvent } from './inspector-client.js';

type OutputEvent = SupervisorEvents['output'][0];

/** What the capture needs from the supervisor: the workers' output lines. */
export interface StackHost {
  on(event: 'output', fn: (e: OutputEvent) => void): unknown;
  off(event: 'output', fn: (e: OutputEvent) => void): unknown;
}

export interface StackFrame {
  functionName: string;
  url: string;
  line: number;
  column: number;
}

export interface CaptureOptions {
  /** The cluster's name, for the report file's name. */
  name: string;
  timeoutMs: number;
  dir?: string;
  /** Top frames put in the log record. */
  topFrames?: number;
}

const LISTENING = /Debugger listening on (ws:\/\/\S+)/;

/** "fn (file:///srv/app.js:12:5)": one line of a log record. Pure. */
export function formatFrame(f: StackFrame): string {
  return `${f.functionName || '(anonymous)'} (${f.url || '<unknown>'}:${f.line}:${f.column})`;
}

/**
 * Captures the stack of worker w and logs it (`heartbeat.stack`), writing the full
 * report (frames plus Node's diagnostic report, taken while paused) to a file. Never
 * throws, and settles within about timeoutMs.
 */
export async function captureHungStack(host: StackHost, w: { slot: number; pid: number }, o: CaptureOptions, log: Logger): Promise<void> {
  const ref = { slot: w.slot, pid: w.pid };
  const state: { frames: StackFrame[] | null; report: unknown } = { frames: null, report: null };
  let client: InspectorClient | null = null;
  let onOutput: ((e: OutputEvent) => void) | null = null;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), o.timeoutMs)));

  const capture = async () => {
    const url = new Promise<string>((resolve) => {
      onOutput = (e) => {
        const m = e.pid === w.pid ? LISTENING.exec(e.text) : null;
        if (m) resolve(m[1]!);
      };
      host.on('output', onOutput);
    });
    process.kill(w.pid, 'SIGUSR1');
    client = await InspectorClient.connect(await url);
    const scripts = new Map<string, string>();
    const paused = new Promise<Record<string, unknown>>((resolve) => {
      client!.on('event', (e: InspectorEvent) => {
        if (e.method === 'Debugger.scriptParsed') scripts.set(String(e.params.scriptId), String(e.params.url ?? ''));
        if (e.method === 'Debugger.paused') resolve(e.params);
      });
    });
    await client.send('Debugger.enable');
    await client.send('Debugger.pause');
    const callFrames = (await paused).callFrames as RawFrame[];
    state.frames = callFrames.map((f) => ({
      functionName: f.functionName,
      url: f.url || scripts.get(f.location.scriptId) || '',
      line: f.location.lineNumber + 1,
      column: (f.location.columnNumber ?? 0) + 1,
    }));
    if (callFrames[0]) {
      const r = await client.send('Debugger.evaluateOnCallFrame', {
        callFrameId: callFrames[0].callFrameId,
        expression: 'process.report.getReport()',
        returnByValue: true,
        silent: true,
      });
      state.report = (r.result as { value?: unknown } | undefined)?.value ?? null;
    }
  };

  const outcome = await Promise.race([capture().then(() => 'done' as const, (err: Error) => err), timedOut]);
  clearTimeout(timer);
  if (onOutput) host.off('output', onOutput);
  (client as InspectorClient | null)?.close();

  if (!state.frames) {
    const error = outcome === 'timeout' ? `no stack within ${o.timeoutMs} ms` : (outcome as Error).message;
    logEvent(log, 'warn', 'heartbeat.stack', { ...ref, error }, `could not read the stack of slot ${w.slot} worker ${w.pid}: ${error}`);
    return;
  }
  const frames = state.frames.slice(0, o.topFrames ?? 10).map(formatFrame);
  const file = path.join(o.dir ?? os.tmpdir(), `clusterize-${o.name}-slot${w.slot}-${w.pid}-stack.json`);
  let written: string | null = file;
  try {
    // The report holds the worker's environment variables: readable by the owner only.
    await fs.writeFile(file, JSON.stringify({ ...ref, capturedAt: new Date().toISOString(), frames: state.frames, report: state.report }, null, 2), { mode: 0o600 });
  } catch {
    written = null;
  }
  logEvent(log, 'warn', 'heartbeat.stack', { ...ref, frames, file: written }, `slot ${w.slot} worker ${w.pid} was stuck in ${frames[0] ?? '?'}` + (written ? `; full report in ${written}` : ''));
}

interface RawFrame {
  callFrameId: string;
  functionName: string;
  url?: string;
  location: { scriptId: string; lineNumber: number; columnNumber?: number };
}
