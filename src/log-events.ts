// The closed set of `event` names on the supervisor's log records. Logs are an
// interface: users alert on these and tests match them, so a name, once here, keeps its
// meaning; the message text beside it is for people and may change. README's table of
// events is checked against this list by test/log-events.test.ts.
import type { Logger } from './logger.js';

export const logEvents = {
  'cluster.start': 'the supervisor starts forking: script, instances, balance, supervisorPid, cpus (available), cpuQuota (null without a cgroup quota), cpuSource',
  'cluster.ready': 'every slot has a ready worker for the first time: workers, durationMs',
  'cluster.giveup': 'every slot gave up: lastError (the supervisor stops, or waits for a change in watch mode: waiting)',
  'worker.fork': 'a worker was forked: slot, id, pid',
  'worker.online': 'a worker runs the app: slot, id, pid',
  'worker.listening': 'a worker listens: slot, id, pid, address, port',
  'worker.ready': 'a worker serves: slot, id, pid, bootMs',
  'worker.retire': 'a worker is told to drain and leave: slot, id, pid, reason',
  'worker.kill': 'a worker was still there after kill-timeout and got SIGKILL: slot, pid, graceMs',
  'worker.exit': 'a worker exited: slot, id, pid, code, signal, uptimeMs, expected, lastError (warn when not expected)',
  'worker.spawn-error': 'a worker could not be started; counts as a crash (backoff, give-up): slot, code, syscall, path, cwd, cause',
  'worker.slow-start': 'a worker of a first start or a restart was not ready within listen-timeout (it keeps running): slot, pid, waitingFor (listening or ready message), listenTimeout',
  'worker.restart': 'a crashed slot will be refilled: slot, delayMs, crashes, restarts',
  'worker.recycle': 'a worker past --max-requests or --max-age is replaced the rolling way: slot, pid, reason, requests or ageMs (done: newPid; failed: err)',
  'worker.giveup': 'a slot crashed too often in a row and stays empty: slot, crashes, lastError',
  scale: 'the number of slots changes: from, to (or refused, with reason)',
  'reload.start': 'a rolling reload starts: trigger, slots',
  'reload.config': 'a reload read the configuration again: changed (taken on by the new workers), needsRestart (kept until a restart), generation; or error (invalid: the reload is aborted)',
  'reload.queued': 'a reload was asked for during one; it runs after it: trigger',
  'reload.slot': 'one slot serves a new worker: slot, oldPid, newPid, durationMs',
  'reload.replaced': 'every slot serves the new code: slots, durationMs',
  'reload.done': 'the old workers are gone: slots, durationMs, drainedMs',
  'reload.abort': 'a new worker failed, the reload stopped there: slot, reason',
  'stop.drain': 'a stop with --drain-delay: /healthz answers 503 while the workers still serve: reason, drainDelayMs',
  'stop.start': 'the supervisor stops: reason',
  'stop.done': 'the supervisor stopped: code',
  'stop.force': 'a second signal: every worker is killed at once: signal',
  signal: 'a signal the supervisor acts on: signal, action (stop, skip-drain, reload, scale)',
  'pid1.no-init': 'the supervisor runs as pid 1 without an init, so orphans will not be reaped (warn): pid, fix',
  'memory.limit': 'a worker stayed above max-memory-restart and is replaced: slot, pid, rssBytes, limitBytes (replaced: newPid; failed: err)',
  'heartbeat.miss': 'a worker did not answer within heartbeat-timeout and is killed: slot, pid, silentMs, heartbeatTimeout',
  'heartbeat.stack': 'the JavaScript stack of a hung worker, read before the kill: slot, pid, frames (top 10), file (the full report), or error',
  'heartbeat.pong': 'a worker answered a heartbeat ping (trace): slot, pid, seq',
  'metrics.listening': 'the metrics server listens: metricsAddress',
  'metrics.drop': 'a metrics connection was refused: the connection cap is reached: max, dropped',
  'metrics.error': 'the metrics server or an endpoint failed: err, path',
  'control.listening': 'the control socket listens: socket',
  'control.drop': 'a control client was refused or dropped: too many at once (max), or it does not read its answers (reason) (debug)',
  'control.error': 'a control command failed unexpectedly: cmd, err',
  'watch.ready': 'watch mode watches: watch, extensions, ignore, delayMs',
  'watch.change': 'a watched file changed: file, kind (debug)',
  'watch.reload': 'a reload after a change: files, durationMs, sinceChangeMs (error when it failed: reason)',
  'watch.loop': 'the app keeps writing a watched file at boot: files',
  'watch.error': 'the file watcher failed: err',
  'balance.listen': 'least-conn / ip-hash: the primary listens for the workers: address, port, mode, sticky (the --sticky-header, or null)',
  'balance.handoff-retry': 'a connection a worker did not take (it exited or refused) goes to another worker: slot, pid, reason',
  'ipc.error': 'an IPC write to or from a worker failed, usually because it is exiting (debug): slot, pid, err',
  'ipc.malformed': 'a worker sent a clusterize message that does not parse (debug): slot, pid',
  'ipc.refused': "a worker's IPC channel carried what the primary cannot take (bytes that are not JSON, a forged Node-internal message, a message over 16 MB); that worker is killed and replaced: slot, pid, reason",
  'output.dropped': 'output was not read fast enough and whole lines were dropped, reported once output flows again: slot, pid, stream, lines (or source: clusterize, lines for log records)',
  'close.error': 'closing an attachment (socket, metrics, watcher) failed at stop: err',
  'internal.error': 'a bug: an impossible state change was ignored: slot, pid, from, to',
} as const satisfies Record<string, string>;

export type LogEvent = keyof typeof logEvents;

export type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error';

/** Writes one record with its event name first; fields never override the event. */
export function logEvent(log: Logger, level: Level, event: LogEvent, fields: object, msg: string): void {
  log[level]({ ...fields, event }, msg);
}
