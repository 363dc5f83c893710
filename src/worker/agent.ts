// Preloaded into every worker (node --import). It must not change what the app does
// and must cost next to nothing: it tracks servers, answers the primary's private
// messages, reports metrics on an unref'd timer, and takes care of signals.
import cluster from 'node:cluster';
import { isMainThread } from 'node:worker_threads';
import { AgentEnv, dispatch, message, parsePrimaryMessage, type Dispatch, type PrimaryMessage, type WorkerMessage } from '../ipc/protocol.js';
import { signalDescendants } from '../os/process-tree.js';
import { drainServers } from './drain.js';
import { startReporting } from './report.js';
import { guardSend, sentByNodeCluster } from './send-guard.js';
import { trackServers } from './server-registry.js';
import { startWatchdog } from './watchdog.js';

// Threads of the app inherit --import and the environment: the agent runs once, in the main thread.
if (cluster.isWorker && isMainThread && process.env[AgentEnv.MARKER] === '1') start();

function start(): void {
  // The cluster id is only known in the worker (Node passes it as NODE_UNIQUE_ID).
  process.env[AgentEnv.WORKER_ID] = String(cluster.worker!.id);
  const servers = trackServers();
  const killTimeout = Number(process.env[AgentEnv.KILL_TIMEOUT]) || 5000;
  let draining = false;

  const ownSend = process.send!.bind(process);
  guardSend((cmd) => cmd === 'NODE_CLUSTER' && sentByNodeCluster());
  const send = (msg: WorkerMessage): void => {
    if (process.connected) ownSend(msg, undefined, {}, () => {});
  };
  startWatchdog();
  // Whatever the app spawned leaves with it: SIGTERM, the polite signal, since the
  // worker is leaving on its own (a worker SIGKILLed is the primary's to clean up).
  process.on('exit', () => void signalDescendants(process.pid, 'SIGTERM'));

  // Once drained, disconnect (the app sees 'disconnect' and may clean up), then leave
  // on our own before the primary's SIGKILL if app timers would keep us alive.
  const drain = (graceMs: number): void => {
    if (draining) return;
    draining = true;
    const deadline = Date.now() + graceMs;
    void drainServers(servers, graceMs).then(() => {
      if (cluster.worker?.isConnected()) cluster.worker.disconnect();
      setTimeout(() => process.exit(0), Math.max(0, deadline - Date.now() - 100)).unref();
    });
  };

  const handlers: Dispatch<PrimaryMessage> = {
    drain: (msg) => drain(msg.graceMs),
    ping: (msg) => send(message.pong(msg.seq)),
  };
  process.on('internalMessage', (raw: unknown) => void dispatch(parsePrimaryMessage, handlers, raw));

  // Ctrl-C in a terminal signals the whole process group, workers included. The
  // primary owns shutdown and drains each worker, so a worker must not die on it.
  // An app that handles SIGINT itself still gets it (ours is then not alone).
  process.on('SIGINT', () => {});
  // systemd (KillMode=control-group) and `kill -TERM` of a worker: drain, unless the
  // app has its own SIGTERM handler, which then decides.
  process.on('SIGTERM', () => {
    if (process.listenerCount('SIGTERM') === 1) drain(killTimeout);
  });

  const interval = Number(process.env[AgentEnv.METRICS_INTERVAL]);
  if (interval > 0) startReporting(send, interval);
}
