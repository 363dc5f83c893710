// The primary at scale: many workers idle, and a long run of crash-restarts. Pure.
import { fmt, table } from './stats.js';

export function scaleSection(sc) {
  const s = ['', '### The primary at scale', ''];
  const m = sc.many;
  s.push(
    table(
      ['workers (hello world)', 'start → all listening', 'primary idle CPU', 'primary RSS', 'primary open fds'],
      m.rows.map((r) => [String(r.workers), fmt.ms(r.startMs), fmt.pct(r.primaryCpu), fmt.mb(r.primaryRss), String(r.fds)]),
    ),
  );
  s.push('', `RSS per added worker: ${fmt.mb(m.rssPerWorker)}. Idle CPU over ${m.rows[0].seconds} s after a 2 s settle; with every worker reporting metrics each second and the sampler reading each worker's /proc once a second.`);
  const c = sc.crashes;
  s.push('', `${fmt.int(c.crashes)} crash-restarts in a row (SIGKILL to a worker, replacement ready, next; two workers, --min-uptime 1 so that none waits for backoff), after a warm-up, in ${c.seconds.toFixed(0)} s:`, '');
  s.push(
    table(
      ['', 'after warm-up', 'at the end', 'max on the way'],
      [
        ['primary RSS', fmt.mb(c.rssFirst), fmt.mb(c.rssLast), fmt.mb(c.rssMax)],
        ['primary open fds', String(c.fdsFirst), String(c.fdsLast), String(c.fdsMax)],
        ...(c.gcFirst && c.gcLast
          ? [
              ['primary RSS after a forced full GC', fmt.mb(c.gcFirst.rss), fmt.mb(c.gcLast.rss), c.gcMid ? `halfway: ${fmt.mb(c.gcMid.rss)}` : '–'],
              ['primary V8 heap used after a forced full GC', fmt.mb(c.gcFirst.heapUsed), fmt.mb(c.gcLast.heapUsed), c.gcMid ? `halfway: ${fmt.mb(c.gcMid.heapUsed)}` : '–'],
            ]
          : []),
      ],
    ),
  );
  s.push('', `Samples (crashes: RSS, fds): ${c.samples.map((x) => `${x.crashes}: ${fmt.mb(x.rss)}, ${x.fds}`).join('; ')}.`);
  s.push('', c.gcFirst && c.gcLast
    ? 'RSS alone rises and falls with V8 growing its heap between major collections; the forced-GC rows (through the inspector, bench/lib/heap.js) are what the primary holds.'
    : 'The forced-GC reading was not taken (the inspector port 127.0.0.1:9229 was not reachable).');
  return s;
}
