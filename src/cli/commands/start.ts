// clusterize <script>: runs the supervisor in the foreground until it stops.
import { supervise } from '../../supervise.js';
import { createLogger } from '../create-logger.js';
import { resumeOptimizer } from '../optimizer.js';
import { loadConfig } from '../config-file.js';
import { configSource, mergeStartOptions } from '../config-source.js';
import type { Io } from '../io.js';
import { ExitStatus, UsageError } from '../../errors.js';

export async function start(argv: Record<string, unknown>, _io: Io): Promise<number> {
  // Given twice, yargs makes a list: refused, or the files would be silently ignored.
  if (argv.config !== undefined && typeof argv.config !== 'string') throw new UsageError('Give --config once, with one file.');
  const fromConfig = typeof argv.config === 'string' ? await loadConfig(argv.config, process.cwd()) : {};
  const { logLevel, logFormat, ...config } = fromConfig as { logLevel?: unknown; logFormat?: unknown; script?: unknown };
  const watched = argv.watch;
  if (argv.script === undefined && config.script === undefined && Array.isArray(watched) && watched.length > 0) {
    // `clusterize --watch app.js`: --watch takes paths, so it swallowed the script.
    throw new UsageError(
      `No script given: --watch took '${String(watched[0])}' as a path to watch. Put the script first (clusterize ${String(watched[0])} --watch) or write --watch=<path>.`,
    );
  }
  const format = (argv.logFormat ?? logFormat ?? (process.stdout.isTTY ? 'pretty' : 'json')) as 'json' | 'pretty';
  const logger = await createLogger(String(argv.logLevel ?? logLevel ?? 'info'), format);
  const fixed = { logger, prefixOutput: format === 'pretty' };
  const sup = supervise(mergeStartOptions(argv, fromConfig, fixed));
  // Start-up is over either way: from here on, what runs hot deserves optimizing.
  sup.ready.then(resumeOptimizer, resumeOptimizer);
  // Every reload reads the file again (#16).
  if (typeof argv.config === 'string') sup.setConfigSource(configSource(argv, argv.config, fixed));
  await sup.finished;
  return sup.forced ? ExitStatus.INTERRUPTED : ExitStatus.OK;
}
