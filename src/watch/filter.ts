// Which paths watch mode looks at, and which changes count as a change of the running
// code. Pure. chokidar calls ignores() for every path before it reads or watches it:
// returning true for a directory keeps chokidar out of it entirely, which is what
// makes a big node_modules cost nothing.
import path from 'node:path';
import { globToRegExp } from './glob.js';

/**
 * Names ignored at any depth below a watched root. Dot names cover .git, .cache,
 * .next and editors' lock and swap files (Emacs' .#app.js ends in .js).
 */
export const defaultIgnores = ['node_modules', 'coverage', '.*', '*.log'] as const;

export interface WatchFilterOptions {
  /** Absolute paths being watched: directories, or files named on purpose. */
  roots: readonly string[];
  /** What relative globs with a slash are relative to (the supervisor's cwd). */
  cwd: string;
  /** --ignore-watch globs, on top of the defaults. */
  ignore: readonly string[];
  /** Extensions, with the dot, of the files whose change reloads. */
  extensions: readonly string[];
  /** Absolute paths the supervisor itself writes (the control socket). */
  ownFiles: readonly string[];
}

/** The part of fs.Stats the filter needs. */
export interface FsKind {
  isFile(): boolean;
  isDirectory(): boolean;
}

export interface WatchFilter {
  /** For chokidar's `ignored`: stats are absent on its first call for a path. */
  ignores(file: string, stats?: FsKind): boolean;
  /** Whether a change to this file (an add, change or unlink) should reload. */
  counts(file: string): boolean;
}

export function createWatchFilter(o: WatchFilterOptions): WatchFilter {
  const roots = o.roots.map((r) => path.resolve(r));
  const own = new Set(o.ownFiles.map((f) => path.resolve(f)));
  const extensions = new Set(o.extensions.map((e) => e.toLowerCase()));
  const globs = [...defaultIgnores, ...o.ignore].map((g) => g.trim().replace(/\\/g, '/')).filter(Boolean);
  const byName = globs.filter((g) => !g.replace(/\/+$/, '').includes('/')).map(globToRegExp);
  const byPath = globs.filter((g) => g.replace(/\/+$/, '').includes('/'));
  const absolute = byPath.filter((g) => path.posix.isAbsolute(g)).map(globToRegExp);
  const relative = byPath.filter((g) => !path.posix.isAbsolute(g)).map(globToRegExp);

  const ignoredByRules = (file: string): boolean => {
    if (own.has(file)) return true;
    if (roots.includes(file)) return false;
    // Names count only below the root, so an app that lives in ~/.apps/x still works.
    const root = roots.filter((r) => isInside(file, r)).sort((a, b) => b.length - a.length)[0];
    if (root !== undefined) {
      const names = toPosix(path.relative(root, file)).split('/');
      if (names.some((n) => byName.some((re) => re.test(n)))) return true;
    }
    const rel = toPosix(path.relative(o.cwd, file));
    const abs = toPosix(file);
    return prefixes(rel).some((p) => relative.some((re) => re.test(p))) || prefixes(abs).some((p) => absolute.some((re) => re.test(p)));
  };

  const isCode = (file: string) => roots.includes(file) || extensions.has(path.extname(file).toLowerCase());

  return {
    ignores(file, stats) {
      const abs = path.resolve(file);
      if (ignoredByRules(abs)) return true;
      return stats !== undefined && stats.isFile() && !isCode(abs);
    },
    counts(file) {
      const abs = path.resolve(file);
      return !ignoredByRules(abs) && isCode(abs);
    },
  };
}

function isInside(file: string, dir: string): boolean {
  const rel = path.relative(dir, file);
  return rel !== '' && rel !== '..' && !rel.startsWith('..' + path.sep) && !path.isAbsolute(rel);
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/** "a/b/c" -> ["a", "a/b", "a/b/c"]: a rule that matches a directory covers what is in it. */
function prefixes(p: string): string[] {
  const parts = p.split('/');
  return parts.map((_, i) => parts.slice(0, i + 1).join('/')).filter((s) => s !== '' && s !== '..' && !/^(\.\.\/)+\.\.$/.test(s));
}
