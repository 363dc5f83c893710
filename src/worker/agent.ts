// Preloaded into every worker (node --require, as one CommonJS bundle). It must not change what the app does
// and must cost next to nothing: it tracks servers, answers the primary's private
// messages, reports metrics on an unref'd timer, and takes care of signals.
import cluster from 'node:cluster';
import { isMainThread } from 'node:worker_threads';
import { AgentEnv, dispatch, message, parsePrimaryMessage, type Dispatch, type PrimaryMessage, type WorkerMessage } from '../ipc/protocol.js';
import { signalDescendants } from '../os/process-tree.js';
import { drainServers } from './drain.js';
import { takeOverListen } from './listen-takeover.js';
import { openConnections } from './open-connections.js';
import { startReporting } from './report.js';
import { pickInspectorPortOnDemand } from './inspector-port.js';
import { countRequests } from './request-counter.js';
import { noticeRetire } from './retire-notice.js';
import { guardSend, sentByNodeCluster } from './send-guard.js';
import { trackServers } from './server-registry.js';

// Threads of the app inherit --require and the environment: the agent runs once, in the main thread.
if (cluster.isWorker && isMainThread && process.env[AgentEnv.MARKER] === '1') start();

function start(): void {
  // The cluster id is only known in the worker (Node passes it as NODE_UNIQUE_ID).
  process.env[AgentEnv.WORKER_ID] = String(cluster.worker!.id);
  const servers = trackServers();
  pickInspectorPortOnDemand();
  const killTimeout = Number(process.env[AgentEnv.KILL_TIMEOUT]) || 5000;
  let draining = false;

  const ownSend = process.send!.bind(process);
  guardSend((cmd) => cmd === 'NODE_CLUSTER' && sentByNodeCluster());
  const send = (msg: WorkerMessage): void => {
    if (process.connected) ownSend(msg, undefined, {}, () => {});
  };
  // --balance least-conn / ip-hash (#13): the primary listens and hands out connections.
  const balance = process.env[AgentEnv.BALANCE];
  if (balance === 'least-conn' || balance === 'ip-hash') takeOverListen(send, (msg) => process.connected && ownSend(msg, undefined, {}, () => {}));
  // Whatever the app spawned leaves with it: SIGTERM, the polite signal, since the
  // worker is leaving on its own (a worker SIGKILLed is the primary's to clean up).
  process.on('exit', () => void signalDescendants(process.pid, 'SIGTERM'));

  // Once drained, disconnect (the app sees 'disconnect' and may clean up), then leave
  // on our own before the primary's SIGKILL if app timers would keep us alive.
  // The app hears of it right after the servers stop accepting, so a listener that
  // closes a server itself finds it closed and waits for its connections (its callback
  // gets ERR_SERVER_NOT_RUNNING once they are gone) instead of racing the drain.
  const drain = (graceMs: number, reason: string): void => {
    if (draining) return;
    draining = true;
    const deadline = Date.now() + graceMs;
    void drainServers(servers, graceMs).then(() => {
      if (cluster.worker?.isConnected()) cluster.worker.disconnect();
      // Done serving: what the app spawned is asked to leave now (a live child process
      // would otherwise keep the worker up until kill-timeout).
      setImmediate(() => void signalDescendants(process.pid, 'SIGTERM'));
      setTimeout(() => process.exit(0), Math.max(0, deadline - Date.now() - 100)).unref();
    });
    noticeRetire({ reason, graceMs, deadline }, onSigterm, () => signalled);
  };

  const handlers: Dispatch<PrimaryMessage> = {
    drain: (msg) => drain(msg.graceMs, msg.reason),
    ping: (msg) => send(message.pong(msg.seq)),
  };
  process.on('internalMessage', (raw: unknown) => void dispatch(parsePrimaryMessage, handlers, raw));

  // Ctrl-C in a terminal signals the whole process group, workers included. The
  // primary owns shutdown and drains each worker, so a worker must not die on it.
  // An app that handles SIGINT itself still gets it (ours is then not alone).
  process.on('SIGINT', () => {});
  // systemd (KillMode=control-group) and `kill -TERM` of a worker: drain, unless the
  // app has its own SIGTERM handler, which then decides.
  // The app's own listeners have just been called by the signal itself.
  let signalled = false;
  const onSigterm = (): void => {
    signalled = true;
    if (process.listenerCount('SIGTERM') === 1) drain(killTimeout, 'signal');
  };
  process.on('SIGTERM', onSigterm);

  const interval = Number(process.env[AgentEnv.METRICS_INTERVAL]);
  const maxRequests = Number(process.env[AgentEnv.MAX_REQUESTS]) || 0;
  const requests = interval > 0 || maxRequests > 0 ? countRequests(maxRequests, (n) => send(message.requestLimit(n))) : () => 0;
  if (interval > 0) startReporting(send, interval, requests, () => openConnections(servers));
}
