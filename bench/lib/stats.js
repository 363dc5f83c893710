// Small numeric helpers and number formatting for the tables.

export function median(xs) {
  const v = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

export const sum = (xs) => xs.reduce((a, b) => a + b, 0);

export function ratio(a, b) {
  return a === null || b === null || b === 0 ? null : a / b;
}

export const fmt = {
  int: (x) => (x === null || x === undefined ? '–' : Math.round(x).toLocaleString('en-US')),
  x: (x) => (x === null || x === undefined ? '–' : `${x.toFixed(2)}×`),
  ms: (x) => (x === null || x === undefined ? '–' : x >= 100 ? `${Math.round(x)} ms` : `${x.toFixed(1)} ms`),
  mb: (bytes) => (bytes === null || bytes === undefined ? '–' : `${(bytes / 2 ** 20).toFixed(1)} MB`),
  pct: (x) => (x === null || x === undefined ? '–' : `${x.toFixed(x < 10 ? 1 : 0)}%`),
};

/** A Markdown table; `align` has 'l' or 'r' per column (default: first left, rest right). */
export function table(head, rows, align) {
  const a = align ?? head.map((_, i) => (i === 0 ? 'l' : 'r'));
  const cells = [head, ...rows].map((r) => r.map((c) => String(c ?? '–')));
  const width = head.map((_, i) => Math.max(3, ...cells.map((r) => r[i].length)));
  const line = (r) => `| ${r.map((c, i) => (a[i] === 'r' ? c.padStart(width[i]) : c.padEnd(width[i]))).join(' | ')} |`;
  const rule = `|${width.map((w, i) => (a[i] === 'r' ? `${'-'.repeat(w + 1)}:` : `:${'-'.repeat(w + 1)}`)).join('|')}|`;
  return [line(cells[0]), rule, ...cells.slice(1).map(line)].join('\n');
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
