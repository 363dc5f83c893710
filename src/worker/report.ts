// The agent's metrics report: every interval, one small message with CPU, memory,
// event-loop delay and uptime. Built on what Node measures natively (cpuUsage,
// memoryUsage, a libuv-timer histogram), so an idle worker stays idle.
import { monitorEventLoopDelay, performance, type IntervalHistogram } from 'node:perf_hooks';
import { CMD, type WorkerMessage, type WorkerMetrics } from '../ipc/protocol.js';

/** How often the delay histogram samples the loop: coarse enough to be cheap, fine enough for a p99 per second. */
export const LOOP_SAMPLE_MS = 20;

/** CPU time spent over a stretch of wall time, as percent of one core. */
export function cpuPercent(cpuMicros: number, wallMs: number): number {
  if (!(wallMs > 0) || !(cpuMicros >= 0)) return 0;
  return cpuMicros / 10 / wallMs;
}

/**
 * The histogram records the time between its own timer ticks, so an idle loop reads
 * one resolution; the delay is what comes on top. Nanoseconds in, milliseconds out.
 */
export function loopDelayMs(tickNs: number, resolutionMs: number): number {
  if (!Number.isFinite(tickNs)) return 0;
  return Math.max(0, tickNs / 1e6 - resolutionMs);
}

export interface Sample {
  cpu: NodeJS.CpuUsage;
  at: number;
}

/** One report from the previous sample and the current readings. Pure. */
export function buildMetrics(
  prev: Sample,
  now: Sample,
  mem: NodeJS.MemoryUsage,
  loop: { count: number; meanNs: number; p99Ns: number },
  uptimeMs: number,
): WorkerMetrics {
  const used = now.cpu.user - prev.cpu.user + (now.cpu.system - prev.cpu.system);
  const sampled = loop.count > 0;
  return {
    cpuPercent: cpuPercent(used, now.at - prev.at),
    cpuTotalMicros: now.cpu.user + now.cpu.system,
    rssBytes: mem.rss,
    heapUsedBytes: mem.heapUsed,
    heapTotalBytes: mem.heapTotal,
    externalBytes: mem.external,
    arrayBuffersBytes: mem.arrayBuffers,
    eventLoopDelayMeanMs: sampled ? loopDelayMs(loop.meanNs, LOOP_SAMPLE_MS) : 0,
    eventLoopDelayP99Ms: sampled ? loopDelayMs(loop.p99Ns, LOOP_SAMPLE_MS) : 0,
    uptimeMs,
  };
}

/** Starts the periodic report; returns a function that stops it. */
export function startReporting(send: (msg: WorkerMessage) => void, intervalMs: number): () => void {
  const loop: IntervalHistogram = monitorEventLoopDelay({ resolution: LOOP_SAMPLE_MS });
  loop.enable();
  // The first report counts from the process start (performance.now()'s origin), boot
  // included: a real number from the first message on, never a made-up 0%.
  let prev: Sample = { cpu: { user: 0, system: 0 }, at: 0 };

  const report = (): void => {
    const now: Sample = { cpu: process.cpuUsage(), at: performance.now() };
    const metrics = buildMetrics(
      prev,
      now,
      process.memoryUsage(),
      { count: loop.count, meanNs: loop.mean, p99Ns: loop.percentile(99) },
      process.uptime() * 1000,
    );
    prev = now;
    // reset() also forgets the histogram's last tick, so the tick that spans the
    // reset is never recorded.
    loop.reset();
    send({ cmd: CMD, v: 1, type: 'metrics', metrics });
  };

  // After a long block both this timer and the histogram's are due; reading on the
  // next turn lets the histogram record the block first instead of losing it.
  const timer = setInterval(() => setImmediate(report).unref(), intervalMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    loop.disable();
  };
}
