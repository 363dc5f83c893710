// --config: a JSON, .js/.cjs or .mjs file whose keys are the option names, in
// camelCase or kebab-case, plus script and args.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../errors.js';
import { keyOf } from '../options/names.js';
import { optionSpecs } from '../options/schema.js';

const cliOnly = new Set(['script', 'logLevel', 'logFormat']);

export async function loadConfig(file: string, cwd: string): Promise<Record<string, unknown>> {
  const full = path.resolve(cwd, file);
  let raw: unknown;
  if (/\.(c|m)?js$/.test(full)) {
    if (!fs.existsSync(full)) throw new ConfigError(file, 'not found; check the path given to --config');
    try {
      const mod = (await import(pathToFileURL(full).href)) as { default?: unknown };
      raw = mod.default ?? mod;
    } catch (err) {
      throw new ConfigError(file, `could not be loaded: ${(err as Error).message}`, err);
    }
  } else {
    let text: string;
    try {
      text = fs.readFileSync(full, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new ConfigError(file, code === 'ENOENT' ? 'not found; check the path given to --config' : `cannot be read (${code})`, err);
    }
    try {
      raw = JSON.parse(text);
    } catch (err) {
      throw new ConfigError(file, `is not valid JSON (${(err as Error).message})`, err);
    }
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError(file, 'must hold an object of options, like { "instances": 2 }');
  }
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(raw)) {
    const key = keyOf(name);
    if (!(key in optionSpecs) && !cliOnly.has(key)) {
      throw new ConfigError(file, `unknown option '${name}'; the names are those of clusterize --help`);
    }
    out[key] = value;
  }
  if (out.script !== undefined && typeof out.script === 'string') out.script = path.resolve(path.dirname(full), out.script);
  return out;
}
