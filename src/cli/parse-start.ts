// `clusterize app.js [flags]` read without yargs. The primary lives as long as the
// cluster and keeps every module it loads: yargs would cost it about 6 MB and 80 ms
// at each start for a parse that a table does. The flags come from the same tables
// as yargs' (args.ts); whatever this parser is not sure of (--help, --version, a
// control command, a flag given twice, a value that is missing or not one of the
// choices) goes to yargs, which then parses it or says what is wrong.
import { startFlags, type StartFlag } from './args.js';

export type StartParse =
  /** The arguments, shaped as yargs would give them to the start command. */
  | { argv: Record<string, unknown> }
  /** Flags of no command, as typed. */
  | { unknown: string[] }
  /** Not a plain start: let yargs handle it. */
  | null;

const controlCommands = new Set(['status', 'monit', 'stop', 'reload', 'scale']);
const wantsYargs = new Set(['--help', '-h', '--version', '-v']);
const negativeNumber = /^-\d/;

/** Pure: the command line after `clusterize`. */
export function parseStart(args: string[]): StartParse {
  const command = args.find((a) => !a.startsWith('-'));
  if (command !== undefined && controlCommands.has(command)) return null;
  const { long, short } = startFlags();
  const argv: Record<string, unknown> = {};
  const unknown: string[] = [];
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      argv['--'] = args.slice(i + 1);
      break;
    }
    if (wantsYargs.has(arg)) return null;
    if (!arg.startsWith('-') || arg === '-' || negativeNumber.test(arg)) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg : arg.slice(0, eq);
    const inline = eq < 0 ? undefined : arg.slice(eq + 1);
    let flag: StartFlag | undefined;
    let negated = false;
    let value = inline;
    if (name.startsWith('--')) {
      const kebab = name.slice(2).replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
      flag = long.get(kebab);
      if (!flag && kebab.startsWith('no-') && inline === undefined) {
        flag = long.get(kebab.slice(3));
        negated = flag !== undefined;
      }
    } else {
      // -i4, -i=4, -i 4; anything else short (bundles like -ab) is yargs' business.
      flag = short.get(name[1]!);
      if (flag && name.length > 2) {
        if (inline !== undefined) return null;
        value = name.slice(2);
      } else if (!flag && name.length > 2) return null;
    }
    if (!flag) {
      unknown.push(name);
      continue;
    }
    const next = args[i + 1];
    if (negated) {
      if (flag.type === 'array') return null;
      set(argv, flag.key, false);
    } else if (flag.type === 'boolean') {
      if (value === undefined && (next === 'true' || next === 'false')) value = args[++i];
      if (value !== undefined && value !== 'true' && value !== 'false') return null;
      set(argv, flag.key, value !== 'false');
    } else if (flag.type === 'array') {
      // Like yargs: an array flag takes every word up to the next flag.
      const list = (argv[flag.key] as unknown[] | undefined) ?? [];
      if (value !== undefined) list.push(value);
      while (i + 1 < args.length && !args[i + 1]!.startsWith('-')) list.push(args[++i]!);
      argv[flag.key] = list;
    } else {
      if (value === undefined) {
        if (next === undefined || (next.startsWith('-') && !negativeNumber.test(next))) return null;
        value = args[++i]!;
      }
      if (flag.choices && !flag.choices.includes(value)) return null;
      if (!set(argv, flag.key, value)) return null;
    }
  }
  if (unknown.length) return { unknown };
  if (positionals[0] === 'start') positionals.shift();
  if (positionals.length > 1) return null;
  if (positionals.length === 1) argv.script = positionals[0];
  return { argv };
}

/** False when the flag was given before: yargs makes a list of it, and the options then reject it. */
function set(argv: Record<string, unknown>, key: string, value: unknown): boolean {
  if (key in argv) return false;
  argv[key] = value;
  return true;
}
