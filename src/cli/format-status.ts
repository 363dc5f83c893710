// `clusterize status` as a table, like `pm2 ls` but one line per worker.
import type { SupervisorStatus } from '../supervisor/status.js';
import { formatBytes, formatDuration, formatMs, formatPercent, table } from './format.js';

export function formatStatus(s: SupervisorStatus): string {
  const head =
    `${s.name}  ${s.state}  pid ${s.pid}  ${s.instances} worker${s.instances === 1 ? '' : 's'}  ` +
    `up ${formatDuration(s.uptimeMs)}  balance ${s.balance}` +
    (s.listening.length ? `  listening ${s.listening.join(', ')}` : '');
  const rows = [
    ['slot', 'pid', 'state', 'uptime', 'restarts', 'cpu', 'memory', 'heap', 'loop delay'],
    ...s.workers.map((w) => [
      String(w.slot),
      w.pid === null ? '-' : String(w.pid),
      w.state,
      w.pid === null ? '-' : formatDuration(w.uptimeMs),
      String(w.restarts),
      formatPercent(w.cpuPercent),
      formatBytes(w.rssBytes),
      formatBytes(w.heapUsedBytes),
      formatMs(w.eventLoopDelayMs),
    ]),
  ];
  return `${head}\n${table(rows)}`;
}
