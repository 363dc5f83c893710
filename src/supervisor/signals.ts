// Signals the primary answers, as gunicorn does: INT/TERM stop gracefully (a second
// one skips what is left of a drain, or else kills at once), HUP reloads, TTIN/TTOU add
// or remove a worker.
import { StoppedError } from '../errors.js';
import { logEvent } from '../log-events.js';
import type { Logger } from '../logger.js';

export interface SignalTarget {
  stop(reason: string): Promise<void>;
  /** Ends a drain at once; false when none runs. */
  skipDrain(): boolean;
  kill(): Promise<void>;
  reload(trigger: string): Promise<unknown>;
  scaleBy(delta: number): Promise<void>;
}

/** Installs the handlers; returns a function that removes every one of them. */
export function handleSignals(target: SignalTarget, log: Logger): () => void {
  let stopping = false;
  const onStop = (signal: NodeJS.Signals) => {
    if (stopping && target.skipDrain()) {
      logEvent(log, 'info', 'signal', { signal, action: 'skip-drain' }, `${signal} again: skipping the rest of the drain, stopping now (send it again to kill at once)`);
      return;
    }
    if (stopping) {
      logEvent(log, 'warn', 'stop.force', { signal }, `${signal} again: killing every worker now`);
      void target.kill();
      return;
    }
    stopping = true;
    logEvent(log, 'info', 'signal', { signal, action: 'stop' }, `${signal}: stopping gracefully (send it again to kill at once)`);
    void target.stop(signal);
  };
  // A reload or scale asked for while stopping is simply too late: one quiet line, no stack.
  const act = (signal: NodeJS.Signals, action: string, run: () => Promise<unknown>) => {
    logEvent(log, 'debug', 'signal', { signal, action }, `${signal}: ${action}`);
    run().catch((err: Error) => {
      if (err instanceof StoppedError) logEvent(log, 'info', 'signal', { signal, action, ignored: 'stopping' }, `${signal} ignored: the supervisor is stopping`);
      else logEvent(log, 'error', 'signal', { signal, action, error: err.message }, `${action} failed: ${err.message}`);
    });
  };
  const handlers: Partial<Record<NodeJS.Signals, (s: NodeJS.Signals) => void>> = {
    SIGINT: onStop,
    SIGTERM: onStop,
    SIGHUP: (s) => act(s, 'reload', () => target.reload('SIGHUP')),
    SIGTTIN: (s) => act(s, 'scale', () => target.scaleBy(1)),
    SIGTTOU: (s) => act(s, 'scale', () => target.scaleBy(-1)),
  };
  for (const [signal, fn] of Object.entries(handlers)) process.on(signal, fn);
  return () => {
    for (const [signal, fn] of Object.entries(handlers)) process.off(signal, fn);
  };
}
