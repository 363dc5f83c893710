// What watch mode watches, from the options: the root paths and the extensions that
// count as code. Pure.
import path from 'node:path';

export const jsExtensions = ['.js', '.mjs', '.cjs', '.json'] as const;
export const tsExtensions = ['.ts', '.mts', '.cts'] as const;

/** --import tsx, -r ts-node/register, --experimental-strip-types...: TypeScript may run. */
const loaderFlag = /^(?:--import|--loader|--experimental-loader|--require|-r|--experimental-strip-types|--experimental-transform-types)(?:=|$)/;

export interface WatchTargetInput {
  /** The watch option: [] for the directory of the entry file, else paths. */
  watch: readonly string[];
  /** Relative watch paths are resolved from here. */
  cwd: string;
  /** Absolute path of the file the workers run. */
  entry: string;
  /** The watch-ext option: [] for the automatic choice. */
  watchExt: readonly string[];
  /** Every Node.js flag the workers get, NODE_OPTIONS split in. */
  nodeArgs: readonly string[];
}

export interface WatchTargets {
  /** Every path given, absolute: the filter lets each through, a dot-folder or .env too. */
  roots: string[];
  /** What chokidar is asked to watch: paths inside another one are dropped. */
  watchPaths: string[];
  extensions: string[];
}

export function watchTargets(o: WatchTargetInput): WatchTargets {
  const roots = [...new Set(o.watch.length ? o.watch.map((p) => path.resolve(o.cwd, p)) : [path.dirname(o.entry)])];
  return { roots, watchPaths: outermost(roots), extensions: codeExtensions(o) };
}

/**
 * Without --watch-ext: the files Node.js loads as code, plus TypeScript when the app
 * is a .ts file or starts through a loader; a compiled app's .ts sources would
 * otherwise reload it once on the save and again when the build writes the .js.
 */
export function codeExtensions(o: Pick<WatchTargetInput, 'watchExt' | 'entry' | 'nodeArgs'>): string[] {
  if (o.watchExt.length) return [...new Set(o.watchExt)];
  const viaLoader = (tsExtensions as readonly string[]).includes(path.extname(o.entry)) || o.nodeArgs.some((a) => loaderFlag.test(a));
  return viaLoader ? [...jsExtensions, ...tsExtensions] : [...jsExtensions];
}

/** Drops paths inside another watched path, so that chokidar sees each change once. */
function outermost(paths: string[]): string[] {
  return paths.filter((p) => !paths.some((q) => q !== p && (p + path.sep).startsWith(q.endsWith(path.sep) ? q : q + path.sep)));
}

/** NODE_OPTIONS as separate flags (quotes are rare there and not worth a parser). */
export function splitNodeOptions(value: string | undefined): string[] {
  return value ? value.split(/\s+/).filter(Boolean) : [];
}
