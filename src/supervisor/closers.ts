// What was attached to a supervisor (control socket, metrics server, watcher, signal
// handlers) registers how to undo it; stop closes them in reverse order, each once,
// and a failing one does not keep the others open.
import { logEvent } from '../log-events.js';
import type { Logger } from '../logger.js';

export class Closers {
  private readonly fns: (() => unknown)[] = [];

  add(fn: () => unknown): void {
    this.fns.push(fn);
  }

  async closeAll(log: Logger): Promise<void> {
    for (const close of this.fns.splice(0).reverse()) {
      try {
        await close();
      } catch (err) {
        logEvent(log, 'warn', 'close.error', { err }, 'error while closing');
      }
    }
  }
}
