// The agent's metrics report: every interval, one small message with CPU, memory,
// event-loop delay and uptime. Built on what Node measures natively (cpuUsage,
// memoryUsage, a libuv-timer histogram), so an idle worker stays idle.
import os from 'node:os';
import { monitorEventLoopDelay, performance, type IntervalHistogram } from 'node:perf_hooks';
import { maxCpuPercent, message, type WorkerMessage, type WorkerMetrics } from '../ipc/protocol.js';

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

/** The delay histogram since its last reset, and the wall time that covers. */
export interface LoopReading {
  count: number;
  meanNs: number;
  p99Ns: number;
  wallMs: number;
}

export interface Sample {
  cpu: NodeJS.CpuUsage;
  at: number;
}

/**
 * Event-loop delay over one report interval. The histogram's reset() also forgets its
 * last tick, so the tick that spans a reset is never recorded: a stall right before a
 * report (a periodic job due with it) or right after one would be invisible. The time
 * its recorded ticks do not cover tells: normally under two ticks, one at each end;
 * anything beyond is a stall, counted as one more sample. Pure.
 */
export function loopDelay(loop: LoopReading, resolutionMs: number): { meanMs: number; p99Ms: number } {
  const sampled = loop.count > 0 && Number.isFinite(loop.meanNs);
  const meanMs = sampled ? loopDelayMs(loop.meanNs, resolutionMs) : 0;
  const p99Ms = sampled ? loopDelayMs(loop.p99Ns, resolutionMs) : 0;
  const unseenMs = loop.wallMs - (sampled ? (loop.count * loop.meanNs) / 1e6 : 0);
  if (unseenMs <= 2 * resolutionMs) return { meanMs, p99Ms };
  const stallMs = unseenMs - resolutionMs;
  const n = sampled ? loop.count : 0;
  return { meanMs: (meanMs * n + stallMs) / (n + 1), p99Ms: Math.max(p99Ms, stallMs) };
}

/** One report from the previous sample and the current readings. Pure. */
export function buildMetrics(
  prev: Sample,
  now: Sample,
  mem: NodeJS.MemoryUsage,
  loop: LoopReading,
  uptimeMs: number,
  requests = 0,
  connections = 0,
  cpus = os.availableParallelism(),
): WorkerMetrics {
  const used = now.cpu.user - prev.cpu.user + (now.cpu.system - prev.cpu.system);
  const delay = loopDelay(loop, LOOP_SAMPLE_MS);
  return {
    // Two clocks read a moment apart can make a short interval look busier than all
    // cores; the primary would drop such a report as impossible.
    cpuPercent: Math.min(cpuPercent(used, now.at - prev.at), maxCpuPercent(cpus)),
    cpuTotalMicros: now.cpu.user + now.cpu.system,
    rssBytes: mem.rss,
    heapUsedBytes: mem.heapUsed,
    heapTotalBytes: mem.heapTotal,
    externalBytes: mem.external,
    arrayBuffersBytes: mem.arrayBuffers,
    eventLoopDelayMeanMs: delay.meanMs,
    eventLoopDelayP99Ms: delay.p99Ms,
    uptimeMs,
    requests,
    connections,
  };
}

/** Starts the periodic report; returns a function that stops it. */
export function startReporting(
  send: (msg: WorkerMessage) => void,
  intervalMs: number,
  requests: () => number = () => 0,
  connections: () => number = () => 0,
): () => void {
  const loop: IntervalHistogram = monitorEventLoopDelay({ resolution: LOOP_SAMPLE_MS });
  loop.enable();
  // The first report counts from the process start (performance.now()'s origin), boot
  // included: a real number from the first message on, never a made-up 0%.
  let prev: Sample = { cpu: { user: 0, system: 0 }, at: 0 };
  let loopSince = performance.now();

  const report = (): void => {
    const now: Sample = { cpu: process.cpuUsage(), at: performance.now() };
    const metrics = buildMetrics(
      prev,
      now,
      process.memoryUsage(),
      { count: loop.count, meanNs: loop.mean, p99Ns: loop.percentile(99), wallMs: now.at - loopSince },
      process.uptime() * 1000,
      requests(),
      connections(),
    );
    prev = now;
    loop.reset();
    loopSince = now.at;
    send(message.metrics(metrics));
  };

  // Read on the turn after the timer, so a histogram tick due in the same turn is in.
  const timer = setInterval(() => setImmediate(report).unref(), intervalMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    loop.disable();
  };
}
