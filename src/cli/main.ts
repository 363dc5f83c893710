// main(argv): parse, dispatch, and turn every failure into one line and an exit code
// (2 for usage, 1 at run time). Callable from tests.
import yargs from 'yargs';
import { ClusterizeError, ExitStatus, exitStatusFor, UsageError } from '../errors.js';
import { addStartOptions, addTargetOptions, explainYargsFailure } from './args.js';
import { start } from './commands/start.js';
import { reload, scale, status, stop } from './commands/control.js';
import { addWatchOptions, watchStatus } from './commands/monit.js';
import { processIo, type Io } from './io.js';
import { ownVersion } from './version.js';

type Command = (argv: Record<string, unknown>, io: Io) => Promise<number>;

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const args = joinNodeArgs(argv);
  let chosen: { run: Command; argv: Record<string, unknown> } | null = null;
  const pick = (run: Command) => (argv: Record<string, unknown>) => void (chosen = { run, argv });
  // yargs fails before its middleware runs, so the command is read off the words here.
  const command = args.find((a) => !a.startsWith('-'));
  try {
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
        throw new UsageError(explainYargsFailure(msg, command));
      })
      .help()
      .alias('h', 'help')
      .version(ownVersion())
      .alias('v', 'version')
      .parseAsync(args, {}, (_err, _argv, output) => {
        helpText = output;
      });
    if (!chosen) {
      if (helpText) io.out(helpText);
      return ExitStatus.OK;
    }
    const c: { run: Command; argv: Record<string, unknown> } = chosen;
    return await c.run(c.argv, io);
  } catch (err) {
    return report(err, io);
  }
}

/** Every failure of the CLI ends here: one line, and its exit status. */
export function report(err: unknown, io: Io): number {
  if (err instanceof ClusterizeError) {
    io.err(`clusterize: ${err.message}`);
  } else {
    const e = err as Error;
    io.err(`clusterize: unexpected error: ${e?.message ?? String(err)} (please report it with the command you ran)`);
    if (process.env.CLUSTERIZE_DEBUG) io.err(String(e?.stack));
  }
  return exitStatusFor(err);
}

/**
 * `--node-args "--inspect"`: the value starts with dashes, so a plain option parser
 * would read it as a flag of ours. It is always a value here.
 */
function joinNodeArgs(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--') return [...out, ...argv.slice(i)];
    if (argv[i] === '--node-args' && i + 1 < argv.length) out.push(`--node-args=${argv[++i]}`);
    else out.push(argv[i]!);
  }
  return out;
}
