// The one place that talks to chokidar: watch the roots, let the filter prune what
// chokidar reads (it never enters an ignored directory), report changes that count.
import { watch } from 'chokidar';
import type { WatchFilter } from './filter.js';

export type ChangeKind = 'add' | 'change' | 'unlink';

export interface FileWatcherHandlers {
  change(file: string, kind: ChangeKind): void;
  error(err: Error): void;
}

export interface FileWatcher {
  /** Resolves once the initial scan is done: changes before it are not seen. */
  readonly ready: Promise<void>;
  /** The directories chokidar has entered. */
  watchedDirs(): string[];
  /** Resolves when every file handle is released. Harmless to call again. */
  close(): Promise<void>;
}

export function watchFiles(roots: readonly string[], filter: WatchFilter, on: FileWatcherHandlers): FileWatcher {
  const w = watch([...roots], {
    ignored: (file, stats) => filter.ignores(file, stats),
    ignoreInitial: true,
    // chokidar's atomic mode holds every unlink 100 ms to pair it with a re-add; the
    // debounce already folds those pairs, and the hold would stretch a git checkout
    // that deletes files into 100 ms gaps, longer than the whole rest of the burst.
    atomic: false,
    // persistent stays true although the workers are what keeps the supervisor alive:
    // with persistent: false, chokidar 5 loses a file once it is replaced by a new
    // inode (git checkout does that) and misses every later change to it. Stop closes it.
  });
  const ready = new Promise<void>((resolve) => w.once('ready', resolve));
  for (const kind of ['add', 'change', 'unlink'] as const) {
    w.on(kind, (file) => {
      if (filter.counts(file)) on.change(file, kind);
    });
  }
  w.on('error', (err) => on.error(err as Error));
  let closing: Promise<void> | null = null;
  return {
    ready,
    watchedDirs: () => Object.keys(w.getWatched()),
    close: () => (closing ??= w.close()),
  };
}
