// --sticky-header (ip-hash behind a proxy, where every client has the proxy's address):
// which client a connection belongs to, read from the first request's headers. Pure:
// src/balance/sticky-read.ts reads the bytes.

/** What to hash: a header's value, the first address of X-Forwarded-For, or one cookie. */
export type StickySpec = { kind: 'header'; name: string } | { kind: 'forwarded-for' } | { kind: 'cookie'; name: string };

/** The most of a connection's first bytes the primary reads before giving up on the header. */
export const STICKY_HEAD_LIMIT = 16 * 1024;

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** `x-session`, `x-forwarded-for` or `cookie:<name>`; null when it is not one of those shapes. */
export function parseStickySpec(value: string): StickySpec | null {
  const v = value.trim();
  const cookie = /^cookie:(.+)$/i.exec(v);
  if (cookie) return TOKEN.test(cookie[1]!) ? { kind: 'cookie', name: cookie[1]! } : null;
  if (!TOKEN.test(v)) return null;
  const name = v.toLowerCase();
  return name === 'x-forwarded-for' ? { kind: 'forwarded-for' } : { kind: 'header', name };
}

/** The spec as the user writes it, for log records. */
export function describeStickySpec(spec: StickySpec): string {
  return spec.kind === 'forwarded-for' ? 'x-forwarded-for' : spec.kind === 'cookie' ? `cookie:${spec.name}` : spec.name;
}

export type HeadVerdict =
  /** Keep reading: the header block is not complete yet. */
  | { done: false }
  /** Hash on key; null: hash on the client address (no such header, or not HTTP). */
  | { done: true; key: string | null };

/**
 * Looks at what has arrived so far. Anything that does not start like an HTTP/1 request
 * line (TLS, HTTP/2's preface, another protocol) is decided at once, on the address:
 * waiting would only delay it.
 */
export function judgeHead(head: Buffer, spec: StickySpec): HeadVerdict {
  const seen = head.toString('latin1', 0, Math.min(head.length, STICKY_HEAD_LIMIT));
  const line = /^[A-Z]{1,16} /.exec(seen.slice(0, 17));
  if (!line && (seen.length >= 17 || /[^A-Z ]/.test(seen))) return { done: true, key: null };
  if (/^PRI \*/.test(seen)) return { done: true, key: null };
  const end = seen.indexOf('\r\n\r\n');
  if (end < 0) return seen.length >= STICKY_HEAD_LIMIT ? { done: true, key: null } : { done: false };
  return { done: true, key: keyFrom(seen.slice(0, end).split('\r\n').slice(1), spec) };
}

function keyFrom(lines: string[], spec: StickySpec): string | null {
  const wanted = spec.kind === 'forwarded-for' ? 'x-forwarded-for' : spec.kind === 'cookie' ? 'cookie' : spec.name;
  const values: string[] = [];
  for (const l of lines) {
    const colon = l.indexOf(':');
    if (colon > 0 && l.slice(0, colon).trim().toLowerCase() === wanted) values.push(l.slice(colon + 1).trim());
  }
  if (values.length === 0) return null;
  if (spec.kind === 'forwarded-for') {
    // The client is the first address; proxies append theirs.
    const first = values.join(',').split(',')[0]!.trim();
    return first || null;
  }
  if (spec.kind === 'cookie') {
    for (const pair of values.join(';').split(';')) {
      const eq = pair.indexOf('=');
      if (eq > 0 && pair.slice(0, eq).trim() === spec.name) return pair.slice(eq + 1).trim() || null;
    }
    return null;
  }
  return values.join(', ') || null;
}
