// The whole command line through yargs: --help, --version, the control commands, and
// any start command that parse-start.ts leaves to it (mostly mistakes, which yargs
// names). Loaded only then: the primary of a plain start never holds yargs.
import yargs from 'yargs';
import { UsageError } from '../errors.js';
import { addStartOptions, addTargetOptions, explainYargsFailure } from './args.js';
import { reload, scale, status, stop } from './commands/control.js';
import { addWatchOptions, watchStatus } from './commands/monit.js';
import type { Io } from './io.js';
import { ownVersion } from './version.js';

export type Command = (argv: Record<string, unknown>, io: Io) => Promise<number>;

const start: Command = async (argv, io) => (await import('./commands/start.js')).start(argv, io);

/** The command to run and its arguments, or null when yargs printed help or the version itself. */
export async function parseWithYargs(args: string[], io: Io): Promise<{ run: Command; argv: Record<string, unknown> } | null> {
  let chosen: { run: Command; argv: Record<string, unknown> } | null = null;
  const pick = (run: Command) => (argv: Record<string, unknown>) => void (chosen = { run, argv });
  // yargs fails before its middleware runs, so the command is read off the words here.
  const command = args.find((a) => !a.startsWith('-'));
  let helpText = '';
  await yargs(args)
    .scriptName('clusterize')
    .usage('$0 <script> [options] [-- <script args>]\n\nRun <script> on every CPU core with node:cluster.')
    .parserConfiguration({ 'populate--': true })
    .strict()
    .exitProcess(false)
    .wrap(Math.min(110, process.stdout.columns || 100))
    .command(['$0 [script]', 'start [script]'], 'Start a cluster in the foreground (the script may come from --config)', (y) => addStartOptions(y), pick(start))
    .command('status', 'Show the workers of a running supervisor', (y) =>
      addWatchOptions(addTargetOptions(y))
        .option('json', { type: 'boolean', describe: 'Print one JSON object (with --watch, one per line)' })
        .option('watch', { type: 'boolean', alias: 'w', describe: 'Refresh in place until Ctrl-C (same as monit)' }), pick(status))
    .command('monit', 'Watch the workers live: CPU, memory and event-loop delay, refreshed in place', (y) =>
      addWatchOptions(addTargetOptions(y)), pick(watchStatus))
    .command('stop', 'Stop a running supervisor gracefully; returns when it has exited', (y) => addTargetOptions(y), pick(stop))
    .command('reload', 'Rolling zero-downtime reload (re-reads --config); returns when it is over', (y) =>
      addTargetOptions(y).option('env', { type: 'array', string: true, describe: 'KEY=VALUE for the new workers, kept for later reloads (repeatable)' }), pick(reload))
    .command('scale <instances>', 'Grow or shrink to n workers', (y) =>
      addTargetOptions(y).positional('instances', { type: 'string', describe: "A number, 'max' or -n" }), pick(scale))
    .fail((msg, err) => {
      if (err) throw err;
      throw new UsageError(explainYargsFailure(msg, command, args));
    })
    .help()
    .alias('h', 'help')
    .version(ownVersion())
    .alias('v', 'version')
    .parseAsync(args, {}, (_err, _argv, output) => {
      helpText = output;
    });
  if (!chosen && helpText) io.out(helpText);
  return chosen;
}
