// The deployment recipes of README.md, which the deploy tests run as they are: each is
// the code block after a `<!-- recipe: name -->` line. A recipe is made to run here by
// replacing its example addresses, and every replacement must match exactly once, so a
// README edit that the tests no longer cover fails loudly instead of passing unseen.
import fs from 'node:fs';
import path from 'node:path';
import { root } from './cli-process.js';

export function recipe(name: string): string {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const m = new RegExp(`<!-- recipe: ${name} -->\\n\`\`\`[a-z]*\\n([\\s\\S]*?)\\n\`\`\`\\n`).exec(readme);
  if (!m) throw new Error(`README.md has no recipe '${name}' (a code block after <!-- recipe: ${name} -->)`);
  return m[1]! + '\n';
}

export function fillIn(text: string, replacements: [string, string][]): string {
  let out = text;
  for (const [from, to] of replacements) {
    const count = out.split(from).length - 1;
    if (count !== 1) throw new Error(`the recipe should contain '${from}' exactly once, not ${count} times`);
    out = out.replace(from, to);
  }
  return out;
}
