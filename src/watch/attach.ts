// Watch mode: a change to the app's code starts the supervisor's rolling reload, so
// the app keeps answering while it picks the change up, and broken code never
// replaces the workers that serve. Wiring only: the rules are in filter.ts and
// targets.ts, the timing in scheduler.ts, chokidar in watcher.ts.
import fs from 'node:fs';
import { InvalidOptionError, StoppedError } from '../errors.js';
import type { ExitEvent, WorkerRef } from '../supervisor/events.js';
import type { Supervisor } from '../supervisor/supervisor.js';
import { createWatchFilter, defaultIgnores } from './filter.js';
import { describeFiles, failedLine, reloadedLine, triggerFor, whyFailed } from './messages.js';
import { createScheduler, realClock, type ChangeBatch } from './scheduler.js';
import { splitNodeOptions, watchTargets } from './targets.js';
import { watchFiles } from './watcher.js';

export async function attachWatch(sup: Supervisor): Promise<void> {
  const o = sup.options;
  const log = o.logger;
  const singleEntry = o.script === null;
  const { roots, extensions } = watchTargets({
    watch: o.watch ?? [],
    cwd: o.cwd,
    entry: o.script ?? process.argv[1]!,
    watchExt: o.watchExt,
    nodeArgs: [
      ...o.nodeArgs,
      ...(singleEntry ? process.execArgv : []),
      ...splitNodeOptions(o.env.NODE_OPTIONS ?? process.env.NODE_OPTIONS),
    ],
  });
  for (const root of roots) {
    if (!fs.existsSync(root)) throw new InvalidOptionError('watch (--watch)', root, 'use a file or directory that exists (relative paths start at --cwd)');
  }
  const filter = createWatchFilter({
    roots,
    cwd: o.cwd,
    ignore: o.ignoreWatch,
    extensions,
    ownFiles: sup.controlSocket ? [sup.controlSocket] : [],
  });

  const scheduler = createScheduler({ delayMs: o.watchDelay, clock: realClock, reload: (batch) => reloadFor(sup, batch) });
  const watcher = watchFiles(roots, filter, {
    change: (file, kind) => {
      log.debug({ file, kind }, `watch: ${kind} ${file}`);
      scheduler.change(file);
    },
    error: (err) => log.warn({ err }, `watch: ${err.message}`),
  });
  const onStopping = () => scheduler.close();
  sup.once('stopping', onStopping);
  sup.onClose(async () => {
    sup.off('stopping', onStopping);
    scheduler.close();
    await watcher.close();
  });
  void watcher.ready.then(() => {
    if (scheduler.state === 'closed') return;
    log.info(
      { watch: roots, extensions, ignore: [...defaultIgnores, ...o.ignoreWatch], delayMs: o.watchDelay },
      `watching ${roots.map((r) => describeFiles([r], o.cwd)).join(', ')} for changes to ${extensions.join(' ')}`,
    );
  });
}

/** One reload for one batch of changes, and the one line that says how it went. */
async function reloadFor(sup: Supervisor, batch: ChangeBatch): Promise<void> {
  const o = sup.options;
  const log = o.logger;
  const fields = { files: batch.files.slice(0, 20), changedFiles: batch.files.length, events: batch.events };
  // The supervisor's error says where the reload stopped; this line says why, in the
  // words of the new worker's last error, so it is read once and acted upon.
  const forked = new Set<number>();
  let failedExit: ExitEvent | null = null;
  const onFork = (w: WorkerRef) => forked.add(w.pid);
  const onExit = (e: ExitEvent) => {
    if (forked.has(e.pid) && !e.expected) failedExit ??= e;
  };
  sup.on('fork', onFork);
  sup.on('exit', onExit);
  try {
    const result = await sup.reload(triggerFor(batch.files, o.cwd));
    log.info(
      { ...fields, durationMs: result.durationMs, sinceChangeMs: Date.now() - batch.firstAt },
      reloadedLine(batch.files, o.cwd, result.durationMs),
    );
  } catch (err) {
    if (err instanceof StoppedError) return;
    const why = whyFailed(failedExit, o.listenTimeout);
    log.error({ ...fields, reason: why }, failedLine(batch.files, o.cwd, why));
  } finally {
    sup.off('fork', onFork);
    sup.off('exit', onExit);
  }
}
