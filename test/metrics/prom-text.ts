// A strict reader of the Prometheus text exposition format (version 0.0.4), for tests:
// it throws on anything a Prometheus server would reject, and returns the families.

export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface PromFamily {
  name: string;
  type: string;
  help: string | null;
  samples: PromSample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const SUFFIXES: Record<string, string[]> = { histogram: ['_bucket', '_sum', '_count'], summary: ['', '_sum', '_count'] };

export function parsePromText(text: string): Map<string, PromFamily> {
  const families = new Map<string, PromFamily>();
  const seen = new Set<string>();
  let current: PromFamily | null = null;
  const fail = (n: number, why: string, line: string): never => {
    throw new Error(`line ${n + 1}: ${why}: ${JSON.stringify(line)}`);
  };
  if (text !== '' && !text.endsWith('\n')) throw new Error('the exposition must end with a newline');

  const family = (name: string, n: number, line: string): PromFamily => {
    let f = families.get(name);
    if (!f) {
      f = { name, type: 'untyped', help: null, samples: [] };
      families.set(name, f);
    } else if (f !== current && f.samples.length) fail(n, `samples of ${name} are not together`, line);
    current = f;
    return f;
  };

  text.split('\n').forEach((line, n) => {
    if (line.trim() === '') return;
    if (line.startsWith('#')) {
      const m = /^#\s+(HELP|TYPE)\s+(\S+)(?:\s(.*))?$/.exec(line);
      if (!m) return; // an ordinary comment
      const [, kind, name, rest = ''] = m;
      if (!NAME.test(name!)) fail(n, 'bad metric name', line);
      const f = family(name!, n, line);
      if (kind === 'TYPE') {
        if (f.samples.length) fail(n, 'TYPE after samples', line);
        if (!TYPES.has(rest.trim())) fail(n, 'unknown type', line);
        f.type = rest.trim();
      } else {
        if (f.help !== null) fail(n, 'second HELP', line);
        f.help = rest;
      }
      return;
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})?\s+(\S+)(?:\s+(-?\d+))?$/.exec(line);
    if (!m) return fail(n, 'not a sample line', line);
    const [, sampleName, labelText, valueText] = m;
    const labels = labelText ? parseLabels(labelText.slice(1, -1), () => fail(n, 'bad labels', line)) : {};
    const value = parseValue(valueText!) ?? fail(n, 'bad value', line);
    const owner = [...families.values()].find((f) => (SUFFIXES[f.type] ?? ['']).some((s) => f.name + s === sampleName));
    const f = owner ?? family(sampleName!, n, line);
    if (f !== current) fail(n, `samples of ${f.name} are not together`, line);
    const key = sampleName + JSON.stringify(Object.entries(labels).sort());
    if (seen.has(key)) fail(n, 'duplicate series', line);
    seen.add(key);
    if (f.type === 'counter' && !(value >= 0)) fail(n, 'negative counter', line);
    f.samples.push({ name: sampleName!, labels, value });
  });
  return families;
}

function parseLabels(text: string, bad: () => never): Record<string, string> {
  const labels: Record<string, string> = {};
  const re = /\s*([^=\s]+)\s*=\s*"((?:[^"\\\n]|\\[\\"n])*)"\s*(,|$)/y;
  let at = 0;
  while (at < text.length) {
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m || !LABEL.test(m[1]!) || Object.hasOwn(labels, m[1]!)) bad();
    labels[m![1]!] = m![2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    at = re.lastIndex;
    if (m![3] === '' && at < text.length) bad();
  }
  return labels;
}

function parseValue(text: string): number | null {
  if (text === 'NaN') return Number.NaN;
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text) ? Number(text) : null;
}

/** The families the issue asks /metrics for, each labelled by slot. */
export const requiredFamilies = [
  'clusterize_worker_cpu_seconds_total',
  'clusterize_worker_resident_memory_bytes',
  'clusterize_worker_heap_used_bytes',
  'clusterize_worker_event_loop_delay_seconds',
  'clusterize_worker_restarts_total',
];
