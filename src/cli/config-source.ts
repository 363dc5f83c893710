// The options `clusterize start` runs with: the --config file under the command-line
// flags (flags win). Read once at start, and again at each reload with the same loader
// and the same checks, so a reload takes on an edited file or refuses a broken one.
import os from 'node:os';
import { resolveOptions, type ResolvedOptions, type SuperviseOptions } from '../options/resolve.js';
import { checkScript } from '../supervise.js';
import { optionsFromArgv } from './args.js';
import { loadConfig } from './config-file.js';

/** What start adds itself: the logger and the output prefix. */
type Fixed = Pick<SuperviseOptions, 'logger' | 'prefixOutput'>;

/** The file's options (without the CLI-only log settings) under the flags. */
export function mergeStartOptions(argv: Record<string, unknown>, config: Record<string, unknown>, fixed: Fixed): SuperviseOptions {
  const { logLevel: _level, logFormat: _format, ...rest } = config;
  return {
    ...rest,
    ...optionsFromArgv(argv),
    ...(typeof argv.script === 'string' ? { script: argv.script } : {}),
    ...fixed,
  } as SuperviseOptions;
}

/** Reads the file again and validates the result as at start; throws ConfigError or InvalidOptionError. */
export function configSource(argv: Record<string, unknown>, file: string, fixed: Fixed): () => Promise<ResolvedOptions> {
  const cwd = process.cwd();
  return async () => {
    const given = mergeStartOptions(argv, await loadConfig(file, cwd, { fresh: true }), fixed);
    const o = resolveOptions({ ...given }, { cpus: os.availableParallelism(), cwd });
    checkScript(o, given.script);
    return o;
  };
}
