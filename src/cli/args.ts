// The command line's options, built from the one options table, plus the flags only
// the CLI has. check() turns yargs' result into supervise() options.
import type { Argv, Options } from 'yargs';
import { flagOf } from '../options/names.js';
import { optionSpecs, type OptionKey } from '../options/schema.js';

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const logFormats = ['json', 'pretty'] as const;

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
  return out
    .option('instances', { defaultDescription: 'max' })
    .options({
      config: { type: 'string', group: 'Control:', describe: 'JSON, .js or .mjs file with the same option names; flags win' },
      'log-level': { type: 'string', group: 'Logs:', choices: logLevels, describe: 'Supervisor log level', defaultDescription: 'info' },
      'log-format': { type: 'string', group: 'Logs:', choices: logFormats, describe: 'pretty, or JSON lines', defaultDescription: 'pretty on a terminal, else json' },
    } as const satisfies Record<string, Options>);
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

/** yargs' own failure messages, said the way ours are: what is wrong and what to do. */
export function explainYargsFailure(msg: string, command: string | undefined): string {
  let m = /^Unknown arguments?: (.*)$/.exec(msg);
  if (m) {
    const names = m[1]!.split(', ').map((n) => (n.length === 1 ? `-${n}` : `--${n}`));
    return `Unknown option ${names.join(', ')}; see clusterize --help. Arguments for the script go after --, like clusterize app.js -- --port 8080.`;
  }
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
