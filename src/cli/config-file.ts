// --config: a JSON, .js/.cjs or .mjs file whose keys are the option names, in
// camelCase or kebab-case, plus script and args. Everything in it is checked here or
// by resolveOptions before anything starts: a file is input like any other.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../errors.js';
import { keyOf } from '../options/names.js';
import { didYouMean } from '../options/resolve.js';
import { optionSpecs } from '../options/schema.js';
import { parseChoice } from '../options/values.js';
import { logFormats, logLevels } from './args.js';

const cliOnly = new Set(['script', 'logLevel', 'logFormat']);

/** fresh: read the file again even if it was imported before (a reload, #16). */
export async function loadConfig(file: string, cwd: string, o: { fresh?: boolean } = {}): Promise<Record<string, unknown>> {
  const full = path.resolve(cwd, file);
  const raw = /\.(c|m)?js$/.test(full) ? await importConfig(file, full, o.fresh === true) : readJsonConfig(file, full);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError(file, 'must hold an object of options, like { "instances": 2 }');
  }
  // No prototype: a key named __proto__ stays a key (and is refused below).
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [name, value] of Object.entries(raw)) {
    const key = keyOf(name);
    if (!Object.hasOwn(optionSpecs, key) && !cliOnly.has(key)) {
      throw new ConfigError(file, `unknown option '${oneLine(name)}'${didYouMean(key, '; the names are those of clusterize --help')}`);
    }
    out[key] = value;
  }
  // Every value is checked here, on its own: a bad value in the file is an error even
  // when a flag on the command line would have overridden it.
  for (const [key, value] of Object.entries(out)) {
    if (value === undefined || value === null || !Object.hasOwn(optionSpecs, key)) continue;
    optionSpecs[key as keyof typeof optionSpecs].parse(key, value, { cpus: os.availableParallelism() });
  }
  if (out.logLevel !== undefined) parseChoice('logLevel', out.logLevel, logLevels);
  if (out.logFormat !== undefined) parseChoice('logFormat', out.logFormat, logFormats);
  if (out.script !== undefined && typeof out.script === 'string') out.script = path.resolve(path.dirname(full), out.script);
  return { ...out };
}

let imports = 0;

async function importConfig(file: string, full: string, fresh: boolean): Promise<unknown> {
  if (!fs.existsSync(full)) throw new ConfigError(file, 'not found; check the path given to --config');
  // import() caches by URL (and a .cjs file by path too): a reload needs a new URL, and
  // keeps the old module in memory, a few kB per reload of a .js config.
  if (fresh) delete createRequire(import.meta.url).cache[full];
  const url = pathToFileURL(full).href + (fresh ? `?reload=${++imports}` : '');
  try {
    const mod = (await import(url)) as { default?: unknown };
    return mod.default ?? mod;
  } catch (err) {
    // A config that throws may throw anything, with any number of lines.
    const why = err instanceof Error ? `${err.name}: ${err.message}` : `it threw ${String(err)}`;
    throw new ConfigError(file, `could not be loaded: ${oneLine(why)}`, err);
  }
}

function readJsonConfig(file: string, full: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(full, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigError(file, code === 'ENOENT' ? 'not found; check the path given to --config' : `cannot be read (${code})`, err);
  }
  try {
    // Editors on Windows save UTF-8 with a byte-order mark, which JSON.parse refuses.
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new ConfigError(file, `is not valid JSON (${oneLine((err as Error).message)})`, err);
  }
}

const oneLine = (text: string) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
};
