// Runs in a thread of every worker: when the primary dies (even by SIGKILL), the worker
// is re-parented and its ppid changes. This thread notices within one interval even
// when the app's main thread is stuck in a loop that never yields (the IPC channel's
// 'disconnect' would then never be seen), and takes the worker and its children down.
import { workerData } from 'node:worker_threads';
import { signalDescendants } from '../os/process-tree.js';

const { ppid, intervalMs } = workerData as { ppid: number; intervalMs: number };

setInterval(() => {
  if (process.ppid === ppid) return;
  signalDescendants(process.pid, 'SIGKILL');
  process.kill(process.pid, 'SIGKILL');
}, intervalMs);
