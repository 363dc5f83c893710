// --metrics-token: every endpoint of the metrics server wants it, as
// `Authorization: Bearer <token>` or `?token=<token>` (an EventSource or a bookmark
// cannot send a header). Compared in constant time, on digests so that the length of
// the token does not show either.
import { createHash, timingSafeEqual } from 'node:crypto';
import type http from 'node:http';

export function hasToken(req: http.IncomingMessage, token: string): boolean {
  const want = digest(token);
  const header = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
  if (header !== undefined && timingSafeEqual(digest(header), want)) return true;
  const query = new URLSearchParams((req.url ?? '').split('?')[1] ?? '').get('token');
  return query !== null && timingSafeEqual(digest(query), want);
}

const digest = (s: string) => createHash('sha256').update(s).digest();
