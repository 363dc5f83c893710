// Keeps the primary alive whatever a worker writes on its IPC channel. Node's
// child_process parses the channel in the primary with no guard: a line that is not
// JSON throws out of the channel's read callback (SyntaxError), a forged internal
// message such as NODE_HANDLE_ACK trips an assertion in Node's own listener, and a
// message without a newline grows a string until memory or V8's string limit gives
// out. Each of these would be an uncaught exception in the primary, taking every
// worker with it. Here each is caught on its way in and becomes `onMalformed(reason)`
// for that one worker; nothing more is read from its channel (EOF still is, so
// Node's own clean-up runs).
import type { ChildProcess } from 'node:child_process';

/** One message larger than this is no message: clusterize's own are under 1 KB. */
export const MAX_IPC_MESSAGE_CHARS = 16 * 1024 * 1024;

type Handle = { onread: (...args: unknown[]) => unknown; [k: symbol]: unknown };

const symbolOf = (obj: object, description: string): symbol | undefined =>
  Object.getOwnPropertySymbols(obj).find((s) => s.description === description);

/** Returns false when this Node keeps its channel somewhere we cannot reach (then only listener errors are caught). */
export function guardChannel(child: ChildProcess, onMalformed: (reason: string) => void): boolean {
  let poisoned = false;
  const poison = (reason: string) => {
    if (poisoned) return;
    poisoned = true;
    onMalformed(reason);
  };

  const emit = child.emit as (this: ChildProcess, event: string | symbol, ...args: unknown[]) => boolean;
  child.emit = function (this: ChildProcess, event: string | symbol, ...args: unknown[]): boolean {
    if (event !== 'internalMessage' && event !== 'message') return emit.call(this, event, ...args);
    if (poisoned) return false;
    if (event === 'message') return emit.call(this, event, ...args);
    try {
      return emit.call(this, event, ...args);
    } catch (err) {
      const cmd = (args[0] as { cmd?: unknown } | null)?.cmd;
      poison(`internal message ${JSON.stringify(cmd)} was refused: ${(err as Error).message}`);
      return false;
    }
  } as ChildProcess['emit'];

  const handleKey = symbolOf(child, 'kChannelHandle');
  const handle = handleKey && (child as unknown as Record<symbol, Handle | null>)[handleKey];
  if (!handle || typeof handle.onread !== 'function') return false;
  const bufferKey = symbolOf(handle, 'kJSONBuffer');
  const onread = handle.onread;
  handle.onread = function (this: unknown, ...args: unknown[]) {
    // No array buffer: end of the channel, which Node must still see to clean up.
    if (poisoned && args[0] !== undefined) return;
    try {
      onread.apply(this, args);
    } catch (err) {
      poison(`undecodable bytes on the IPC channel: ${(err as Error).message}`);
      return;
    }
    const pending = bufferKey ? handle[bufferKey] : '';
    if (typeof pending === 'string' && pending.length > MAX_IPC_MESSAGE_CHARS) {
      handle[bufferKey!] = '';
      poison(`a message on the IPC channel is larger than ${MAX_IPC_MESSAGE_CHARS / 1024 / 1024} MB`);
    }
  };
  return true;
}
