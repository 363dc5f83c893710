// Watch mode: a change to the app's code starts the supervisor's rolling reload, so
// the app keeps answering while it picks the change up, and broken code never
// replaces the workers that serve. Wiring only: the rules are in filter.ts and
// targets.ts, the timing in scheduler.ts, chokidar in watcher.ts, each reload and
// its line in reloader.ts.
import fs from 'node:fs';
import { InvalidOptionError } from '../errors.js';
import { logEvent } from '../log-events.js';
import type { ResolvedOptions } from '../options/resolve.js';
import { createWatchFilter, defaultIgnores } from './filter.js';
import { watchErrorLine } from './messages.js';
import { reloaderFor, type ReloadHost } from './reloader.js';
import { createScheduler, realClock } from './scheduler.js';
import { splitNodeOptions, watchTargets } from './targets.js';
import { watchFiles } from './watcher.js';

/** What watch mode needs from the supervisor. */
export interface WatchHost extends ReloadHost {
  readonly options: ResolvedOptions;
  /** Its own socket must never count as a change. */
  readonly controlSocket: string | null;
  once(event: 'stopping', fn: () => void): unknown;
  off(event: 'stopping', fn: () => void): unknown;
  onClose(fn: () => unknown): void;
}

export async function attachWatch(sup: WatchHost): Promise<void> {
  const o = sup.options;
  const log = o.logger;
  const singleEntry = o.script === null;
  const { roots, watchPaths, extensions } = watchTargets({
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

  const scheduler = createScheduler({ delayMs: o.watchDelay, clock: realClock, reload: reloaderFor(sup) });
  const watcher = watchFiles(watchPaths, filter, {
    change: (file, kind) => {
      logEvent(log, 'debug', 'watch.change', { file, kind }, `watch: ${kind} ${file}`);
      scheduler.change(file);
    },
    error: (err) => logEvent(log, 'warn', 'watch.error', { err }, watchErrorLine(err)),
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
    logEvent(
      log,
      'info',
      'watch.ready',
      { watch: roots, extensions, ignore: [...defaultIgnores, ...o.ignoreWatch], delayMs: o.watchDelay },
      `watching ${roots.join(', ')} for changes to ${extensions.join(' ')}`,
    );
  });
}
