// The command line's options, built from the one options table, plus the flags only
// the CLI has. Two parsers read these tables: parse-start.ts for a plain start (no
// yargs in the primary) and yargs for everything else (help, errors, control
// commands); test/cli/parse-start.test.ts checks that they agree.
import type { Argv, Options } from 'yargs';
import { flagOf } from '../options/names.js';
import { optionSpecs, type OptionKey } from '../options/schema.js';

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const logFormats = ['json', 'pretty'] as const;

/** The start command's flags that are not supervise() options. */
export const cliOnlyOptions = {
  config: { type: 'string', group: 'Control:', describe: 'JSON, .js or .mjs file with the same option names; flags win' },
  'log-level': { type: 'string', group: 'Logs:', choices: logLevels, describe: 'Supervisor log level', defaultDescription: 'info' },
  'log-format': { type: 'string', group: 'Logs:', choices: logFormats, describe: 'pretty, or JSON lines', defaultDescription: 'pretty on a terminal, else json' },
} as const satisfies Record<string, Options>;

export interface StartFlag {
  /** camelCase key in the parsed result, as yargs gives it. */
  key: string;
  type: 'string' | 'boolean' | 'array';
  choices?: readonly string[];
}

/** Every flag of the start command by its kebab-case name, and the short aliases. */
export function startFlags(): { long: Map<string, StartFlag>; short: Map<string, StartFlag> } {
  const long = new Map<string, StartFlag>();
  const short = new Map<string, StartFlag>();
  for (const [key, s] of Object.entries(optionSpecs)) {
    if (s.cli === 'none') continue;
    const flag: StartFlag = { key, type: s.cli };
    long.set(flagOf(key).slice(2), flag);
    if ('alias' in s && s.alias) short.set(s.alias, flag);
  }
  for (const [name, o] of Object.entries(cliOnlyOptions)) {
    long.set(name, { key: name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()), type: o.type, ...('choices' in o ? { choices: o.choices } : {}) });
  }
  return { long, short };
}

export function addStartOptions<T>(y: Argv<T>) {
  let out = y as Argv<T>;
  for (const [key, s] of Object.entries(optionSpecs)) {
    if (s.cli === 'none') continue;
    out = out.option(flagOf(key).slice(2), {
      type: s.cli,
      group: `${s.group}:`,
      describe: s.describe,
      ...(s.alias ? { alias: s.alias } : {}),
      ...(typeof s.default !== 'object' && s.default !== '' && key !== 'instances'
        ? { defaultDescription: String(s.default) }
        : {}),
    });
  }
  return out.option('instances', { defaultDescription: 'max' }).options(cliOnlyOptions);
}

export function addTargetOptions<T>(y: Argv<T>) {
  return y.options({
    name: { type: 'string', describe: 'Name the supervisor was started with' },
    socket: { type: 'string', describe: 'Control socket path the supervisor was started with' },
  } as const satisfies Record<string, Options>);
}

/** The supervise() options that were given on the command line (camelCase keys). */
export function optionsFromArgv(argv: Record<string, unknown>): Partial<Record<OptionKey, unknown>> {
  const given: Partial<Record<OptionKey, unknown>> = {};
  for (const key of Object.keys(optionSpecs) as OptionKey[]) {
    const value = argv[key];
    if (value !== undefined && optionSpecs[key].cli !== 'none') given[key] = value;
  }
  const rest = argv['--'];
  if (Array.isArray(rest) && rest.length) given.args = rest.map(String);
  return given;
}

/** The message for flags nobody knows, named as they were typed. */
export function unknownOptionMessage(flags: string[]): string {
  return `Unknown option ${flags.join(', ')}; see clusterize --help. Arguments for the script go after --, like clusterize app.js -- --port 8080.`;
}

/**
 * yargs' own failure messages, said the way ours are: what is wrong and what to do.
 * `args` is the command line as given: yargs names an unknown `--no-foo` as `foo,
 * fooBar`, and the user should read what they typed.
 */
export function explainYargsFailure(msg: string, command: string | undefined, args: string[] = []): string {
  let m = /^Unknown arguments?: (.*)$/.exec(msg);
  if (m) return unknownOptionMessage(typedNames(m[1]!.split(', '), args));
  m = /^Not enough non-option arguments/.exec(msg);
  if (m) {
    return command === 'scale'
      ? 'Missing the worker count: clusterize scale <n>, like clusterize scale 4.'
      : 'No script given: run clusterize <script>, like clusterize app.js -i max.';
  }
  m = /^Invalid values:\s*Argument: ([\w-]+), Given: (.*), Choices: (.*)$/s.exec(msg.replace(/\n/g, ' '));
  if (m) return `Invalid --${m[1]}: got ${m[2]!.trim()}; use one of ${m[3]!.trim()}.`;
  return `${msg.replace(/\s+/g, ' ').trim()}; see clusterize --help.`;
}

/** yargs' names for unknown arguments (kebab, camel, without `no-`) back to the words typed. */
function typedNames(names: string[], args: string[]): string[] {
  const out: string[] = [];
  for (const name of names) {
    const kebab = name.length === 1 ? name : flagOf(name).slice(2);
    const spellings = name.length === 1 ? [`-${name}`] : [`--${kebab}`, `--no-${kebab}`, `--${name}`, `--no-${name}`];
    const typed = args.find((a) => a !== '--' && spellings.includes(a.split('=')[0]!)) ?? (name.length === 1 ? `-${name}` : args.includes(name) ? name : `--${kebab}`);
    const word = typed.split('=')[0]!;
    if (!out.includes(word)) out.push(word);
  }
  return out;
}
