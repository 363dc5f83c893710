// Node routes every IPC message whose cmd starts with NODE_ to its own internal
// handlers, in the worker and in the primary: an app that sends one (by accident or
// by copying Node's internals) can trip an assertion in the primary. The agent makes
// process.send refuse them in the worker, where the mistake is made, with an error
// the app sees. Node's own cluster messages (NODE_CLUSTER) pass when Node sends them.
import { IpcReservedError } from '../errors.js';

export function guardSend(allowed: (cmd: string) => boolean): void {
  const send = process.send;
  if (typeof send !== 'function') return;
  process.send = function (this: NodeJS.Process, message: unknown, ...rest: unknown[]) {
    const cmd = (message as { cmd?: unknown } | null)?.cmd;
    if (typeof cmd === 'string' && cmd.startsWith('NODE_') && !allowed(cmd)) throw new IpcReservedError(cmd);
    return (send as (...a: unknown[]) => boolean).call(this, message, ...rest);
  } as typeof process.send;
}

/** True when the caller of process.send is Node's own cluster module (it calls process.send too). */
export function sentByNodeCluster(): boolean {
  // Only NODE_CLUSTER messages get here, a handful per worker's life: the stack is cheap enough.
  return /\(node:internal\/cluster\//.test(new Error().stack ?? '');
}
