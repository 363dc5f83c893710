// clusterize's own version. yargs' default .version() reads the package.json nearest to
// the entry point's caller, which in an installing project is that project's, not ours.
import fs from 'node:fs';

/** From our package.json, found relative to this module (dist/src/cli/ -> the package root). */
export function ownVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
