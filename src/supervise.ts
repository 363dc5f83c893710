// supervise(): the public entry. In the primary it validates the options, builds a
// Supervisor and attaches what the options ask for (control socket, signals); in a
// worker of a single-entrypoint app it runs the worker function instead.
import cluster from 'node:cluster';
import fs from 'node:fs';
import { logEvent } from './log-events.js';
import { NotPrimaryError, ScriptNotFoundError, ScriptUnusableError } from './errors.js';
import { startControlServer } from './control/server.js';
import { socketPathFor } from './control/paths.js';
import { readCpuBudget } from './options/read-cpu-quota.js';
import { resolveOptions, type ResolvedOptions, type SuperviseOptions } from './options/resolve.js';
import { attachMetrics } from './metrics/attach.js';
import { pid1Warning } from './supervisor/pid1.js';
import { startRecycler } from './supervisor/recycler.js';
import { handleSignals } from './supervisor/signals.js';
import { Supervisor } from './supervisor/supervisor.js';

export function supervise(options: SuperviseOptions & { worker: () => unknown }): Supervisor | undefined;
export function supervise(options: SuperviseOptions): Supervisor;
export function supervise(options: SuperviseOptions): Supervisor | undefined {
  if (cluster.isWorker) {
    if (typeof options?.worker !== 'function') throw new NotPrimaryError();
    void options.worker();
    return undefined;
  }
  const cpu = readCpuBudget();
  const o = resolveOptions({ ...options }, { cpus: cpu.cpus, cpu, cwd: process.cwd() });
  checkScript(o, options.script);
  const sup = new Supervisor(o);
  // Start on the next tick, so that listeners attached right after supervise()
  // returns see every event, the first fork included.
  process.nextTick(() => {
    launch(sup).catch((err: Error) => void sup.abort(err));
  });
  return sup;
}

/**
 * Once, before anything is forked: a script that every worker would fail to load
 * would otherwise be a stack trace per worker and a give-up minutes later.
 */
export function checkScript(o: ResolvedOptions, given: string | undefined): void {
  if (o.script === null) return;
  const shown = given ?? o.script;
  const unreadable = (err: unknown) =>
    new ScriptUnusableError(shown, `cannot be read (${(err as NodeJS.ErrnoException).code})`, 'check its permissions and those of its directories');
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(o.script, { throwIfNoEntry: false });
  } catch (err) {
    throw unreadable(err);
  }
  if (!stat) throw new ScriptNotFoundError(shown, o.script);
  if (stat.isDirectory()) throw new ScriptUnusableError(shown, 'is a directory', `pass the file to run, like ${shown.replace(/\/$/, '')}/index.js`);
  if (!stat.isFile()) throw new ScriptUnusableError(shown, 'is not a regular file', 'pass the JavaScript file to run');
  try {
    // Opened, not access()ed: what counts is whether this process can read it.
    fs.closeSync(fs.openSync(o.script, 'r'));
  } catch (err) {
    throw unreadable(err);
  }
}

async function launch(sup: Supervisor): Promise<void> {
  const o = sup.options;
  const pid1 = pid1Warning(process.pid);
  if (pid1) logEvent(o.logger, 'warn', 'pid1.no-init', { pid: process.pid, fix: pid1.fix }, pid1.message);
  if (o.socket !== false) {
    const control = await startControlServer(
      socketPathFor(o.name, o.socket),
      o.name,
      {
        status: () => sup.status(),
        // Answered at once; the control server closes the connection when the stop is done.
        stop: () => void sup.stop('clusterize stop'),
        reload: (req) => sup.reload('clusterize reload', req.env ? { env: req.env as Record<string, string> } : {}),
        scale: (req) => sup.scale(req.instances),
      },
      o.logger,
      { privateDir: o.socket === '' },
    );
    sup.setControlSocket(control.path);
    sup.onClose(() => control.close());
  }
  if (o.handleSignals) {
    sup.onClose(handleSignals(sup, o.logger));
  }
  await attachMetrics(sup);
  // Always: --max-requests may come with a reload of the config file. Costs one listener.
  const stopRecycling = startRecycler(sup, o, o.logger);
  // No recycling of workers that are being stopped.
  sup.once('stopping', stopRecycling);
  sup.onClose(stopRecycling);
  if (o.watch !== null) {
    // chokidar is loaded only in watch mode: the primary keeps every module it loads.
    const { attachWatch } = await import('./watch/attach.js');
    await attachWatch(sup);
  }
  // Not awaited: a stop before every worker is ready rejects `ready`, which is no failure.
  void sup.start();
}
