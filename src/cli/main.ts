// main(argv): parse, dispatch, and turn every failure into one line and an exit code
// (2 for usage, 1 at run time). Callable from tests. A plain start is parsed by
// parse-start.ts; yargs is loaded only for what that leaves (help, control commands,
// mistakes), so that the primary does not keep it for its whole life.
import { ClusterizeError, ExitStatus, exitStatusFor, UsageError } from '../errors.js';
import { unknownOptionMessage } from './args.js';
import { processIo, type Io } from './io.js';
import { parseStart } from './parse-start.js';

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const args = joinNodeArgs(argv);
  try {
    const fast = parseStart(args);
    if (fast && 'unknown' in fast) throw new UsageError(unknownOptionMessage(fast.unknown));
    if (fast) return await (await import('./commands/start.js')).start(fast.argv, io);
    const { parseWithYargs } = await import('./yargs-cli.js');
    const chosen = await parseWithYargs(args, io);
    return chosen ? await chosen.run(chosen.argv, io) : ExitStatus.OK;
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
