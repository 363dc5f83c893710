// Which worker gets a new connection, in the modes where the primary decides
// (--balance least-conn and ip-hash). Pure: the listener and handoff live in
// balancer.ts and handoff.ts.
import { hash52 } from '../hash.js';

export interface Candidate {
  /** node:cluster's worker id: unique, and increasing with each fork. */
  id: number;
  slot: number;
  /** Open connections, counting the ones handed over but not yet confirmed. */
  connections: number;
}

/**
 * The fewest open connections; among equals, the first after the one picked last (by
 * id, wrapping), so a tie goes round the workers instead of always to the first.
 */
export function pickLeastConn(cands: readonly Candidate[], lastId: number): Candidate | null {
  let best: Candidate | null = null;
  for (const c of cands) {
    if (best === null || c.connections < best.connections) best = c;
    else if (c.connections === best.connections && rrBefore(c.id, best.id, lastId)) best = c;
  }
  return best;
}

/** Whether a comes before b in round-robin order starting after lastId. */
function rrBefore(a: number, b: number, lastId: number): boolean {
  const after = (x: number) => x > lastId;
  if (after(a) !== after(b)) return after(a);
  return a < b;
}

/**
 * `::ffff:1.2.3.4` is 1.2.3.4 reaching a dual-stack socket: the same client must hash
 * the same whichever socket it came in on. IPv6 in lower case, as written by Node.
 */
export function normaliseAddress(address: string | undefined): string {
  if (!address) return '';
  const a = address.toLowerCase();
  return a.startsWith('::ffff:') && a.includes('.') ? a.slice(7) : a;
}

/** The rendezvous weight of (slot, client): 52 well-mixed bits, cheap per connection. */
export function weight(slot: number, client: string): number {
  return hash52(`${slot}|${client}`);
}

/**
 * Rendezvous (highest-random-weight) hashing over slot numbers: a client goes to the
 * slot with the highest weight for it. Adding or removing a slot moves only the clients
 * whose highest slot it is (about 1/n of them), and a new worker in the same slot gets
 * the same clients. A slot without a ready worker is simply skipped, so its clients
 * fall to their second choice until it is back. Among workers of one slot (a
 * replacement overlapping the old one), the newest wins.
 */
export function pickIpHash(cands: readonly Candidate[], clientAddress: string | undefined): Candidate | null {
  const client = normaliseAddress(clientAddress);
  const bySlot = new Map<number, Candidate>();
  for (const c of cands) {
    const cur = bySlot.get(c.slot);
    if (!cur || c.id > cur.id) bySlot.set(c.slot, c);
  }
  let best: Candidate | null = null;
  let bestWeight = -1;
  for (const c of bySlot.values()) {
    const w = weight(c.slot, client);
    if (w > bestWeight || (w === bestWeight && best !== null && c.slot < best.slot)) {
      best = c;
      bestWeight = w;
    }
  }
  return best;
}
