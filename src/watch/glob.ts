// Glob patterns for --ignore-watch, turned into regular expressions. chokidar 4+
// dropped glob support, and a dependency for this much would be most of its size. Pure.
//
//   *  any run of characters inside one path segment     ?      one such character
//   ** any number of whole segments, none included      [abc]  [!abc]  a class
//   {a,b} either alternative (may nest)
// `dir/**` also matches `dir` itself, so that the directory is pruned, not only its files.

const special = /[\\^$.|+()[\]{}*?]/g;

/** Matches a whole path written with forward slashes, relative or absolute as the glob is. */
export function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${translate(glob.replace(/^\.\//, '').replace(/\/+$/, ''))}$`);
}

function translate(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] !== '*') {
        out += '[^/]*';
        continue;
      }
      const atStart = i === 0 || glob[i - 1] === '/';
      const atEnd = i + 2 === glob.length;
      if (atStart && glob[i + 2] === '/') {
        out += '(?:[^/]*/)*';
        i += 2;
      } else if (atStart && atEnd && out.endsWith('/')) {
        out = out.slice(0, -1) + '(?:/.*)?';
        i += 1;
      } else {
        out += '.*';
        i += 1;
      }
    } else if (c === '?') {
      out += '[^/]';
    } else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end === -1) {
        out += '\\[';
        continue;
      }
      let body = glob.slice(i + 1, end).replace(/\\/g, '\\\\');
      if (body.startsWith('!')) body = '^' + body.slice(1);
      out += `[${body}]`;
      i = end;
    } else if (c === '{') {
      const end = matchingBrace(glob, i);
      if (end === -1) {
        out += '\\{';
        continue;
      }
      out += `(?:${splitAlternatives(glob.slice(i + 1, end)).map(translate).join('|')})`;
      i = end;
    } else {
      out += c.replace(special, '\\$&');
    }
  }
  return out;
}

function matchingBrace(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '{') depth++;
    else if (s[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function splitAlternatives(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '{') depth++;
    else if (s[i] === '}') depth--;
    else if (s[i] === ',' && depth === 0) {
      parts.push(s.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(s.slice(start));
  return parts;
}
