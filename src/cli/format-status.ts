// `clusterize status` as a table, like `pm2 ls` but one line per worker. A number the
// supervisor does not have yet (a worker that has not reported) shows as '-', never 0.
import type { SupervisorStatus } from '../supervisor/status.js';
import { plural } from '../text.js';
import { formatBytes, formatDuration, formatPercent, table } from './format.js';

export function formatStatus(s: SupervisorStatus): string {
  const head =
    `${s.name}  ${s.state}  pid ${s.pid}  ${plural(s.instances, 'worker')}  ` +
    `up ${formatDuration(s.uptimeMs)}  balance ${s.balance}` +
    (s.listening.length ? `  listening ${s.listening.join(', ')}` : '');
  const rows = [
    ['slot', 'pid', 'state', 'uptime', 'restarts', 'conns', 'cpu', 'memory', 'heap', 'loop/p99', 'gen'],
    ...s.workers.map((w) => [
      String(w.slot),
      w.pid === null ? '-' : String(w.pid),
      w.state,
      w.pid === null ? '-' : formatDuration(w.uptimeMs),
      String(w.restarts),
      w.connections === null ? '-' : String(w.connections),
      formatPercent(w.cpuPercent),
      formatBytes(w.rssBytes),
      formatBytes(w.heapUsedBytes),
      formatLoop(w.eventLoopDelayMs, w.eventLoopDelayP99Ms),
      w.generation === null ? '-' : String(w.generation),
    ]),
  ];
  return `${head}\n${table(rows)}`;
}

/** Event-loop delay, mean and p99 in one narrow column: "0.2/3.1 ms". */
function formatLoop(meanMs: number | null, p99Ms: number | null): string {
  if (meanMs === null || p99Ms === null) return '-';
  return `${meanMs.toFixed(1)}/${p99Ms.toFixed(1)} ms`;
}
