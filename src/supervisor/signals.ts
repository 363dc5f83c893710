// Signals the primary answers, as gunicorn does: INT/TERM stop gracefully (a second
// one skips what is left of a drain, or else kills at once), HUP reloads, TTIN/TTOU add
// or remove a worker.
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
export function handleSignals(target: SignalTarget, log: Logger, onForce: () => void): () => void {
  let stopping = false;
  const onStop = (signal: NodeJS.Signals) => {
    if (stopping && target.skipDrain()) {
      log.info({ event: 'signal', signal, action: 'skip-drain' }, `${signal} again: skipping the rest of the drain, stopping now (send it again to kill at once)`);
      return;
    }
    if (stopping) {
      log.warn({ signal }, `${signal} again: killing every worker now`);
      onForce();
      void target.kill();
      return;
    }
    stopping = true;
    log.info({ signal }, `${signal}: stopping gracefully (send it again to kill at once)`);
    void target.stop(signal);
  };
  const report = (what: string) => (err: Error) => log.error({ err }, `${what} failed: ${err.message}`);
  const handlers: Partial<Record<NodeJS.Signals, (s: NodeJS.Signals) => void>> = {
    SIGINT: onStop,
    SIGTERM: onStop,
    SIGHUP: () => void target.reload('SIGHUP').catch(report('reload')),
    SIGTTIN: () => void target.scaleBy(1).catch(report('scale')),
    SIGTTOU: () => void target.scaleBy(-1).catch(report('scale')),
  };
  for (const [signal, fn] of Object.entries(handlers)) process.on(signal, fn);
  return () => {
    for (const [signal, fn] of Object.entries(handlers)) process.off(signal, fn);
  };
}
