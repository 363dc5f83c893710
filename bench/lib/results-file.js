// bench/RESULTS.md: the text around the bench markers is written by hand; --write
// replaces only the block between them.
import fs from 'node:fs';
import path from 'node:path';
import { benchDir } from './paths.js';

const BEGIN = '<!-- bench:begin (written by `node bench/run.js --write`; edit outside these markers) -->';
const END = '<!-- bench:end -->';

export function writeResults(md) {
  const file = path.join(benchDir, 'RESULTS.md');
  const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmark results\n\n';
  const block = `${BEGIN}\n${md}${END}`;
  const i = old.indexOf('<!-- bench:begin');
  const j = old.indexOf(END);
  fs.writeFileSync(file, i >= 0 && j > i ? old.slice(0, i) + block + old.slice(j + END.length) : `${old.trimEnd()}\n\n${block}\n`);
}

/** The last run, also when it was not written: bench/.tmp/last-run.{json,md}. */
export function keepLastRun(res, md) {
  const keep = path.join(benchDir, '.tmp');
  fs.mkdirSync(keep, { recursive: true });
  fs.writeFileSync(path.join(keep, 'last-run.json'), JSON.stringify(res, null, 2));
  fs.writeFileSync(path.join(keep, 'last-run.md'), md);
}
