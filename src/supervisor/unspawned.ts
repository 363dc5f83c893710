// What cluster.fork() returns when it throws instead (errors Node does not report as an
// 'error' event, like E2BIG for a huge environment): a worker whose process failed to
// start, so that a synchronous failure takes the same path as every other failed fork.
import type { Worker } from 'node:cluster';
import { EventEmitter } from 'node:events';

export function unspawnedWorker(err: Error): Worker {
  const proc = Object.assign(new EventEmitter(), { pid: undefined, stdout: null, stderr: null, kill: () => false });
  const worker = Object.assign(new EventEmitter(), { id: 0, process: proc, isConnected: () => false, isDead: () => true });
  process.nextTick(() => proc.emit('error', err));
  return worker as unknown as Worker;
}
