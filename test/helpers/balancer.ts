// Two clusterize "hosts" (two supervisors of the same app, each on its own port with its
// own metrics port) behind a real load balancer, and the scenario both balancer suites
// run under steady load: rolling reloads of each host, a stop of host A with a drain,
// and host A back again.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { fixture, runCli, startCli, uniqueName, type CliProcess, type LogRecord } from './cli-process.js';
import { findEngine, type Engine } from './engines.js';
import { freePort, get, startLoad, type LoadReport } from './http.js';
import { until } from './wait.js';

/** Longer than the HAProxy recipe's check interval (500 ms, fall 1), with margin for a loaded machine. */
export const DRAIN_MS = 2500;

export interface Host {
  label: 'A' | 'B';
  name: string;
  port: number;
  metricsPort: number;
  cli: CliProcess;
}

export async function hostPorts(): Promise<{ port: number; metricsPort: number }> {
  return { port: await freePort(), metricsPort: await freePort() };
}

export async function startHost(t: TestContext, label: Host['label'], at: { port: number; metricsPort: number }, name = uniqueName(`host-${label}`)): Promise<Host> {
  const cli = startCli(
    t,
    [
      fixture('host-label.js'),
      ...['-i', '2', '--log-format', 'json', '--name', name, '--env', `HOST_LABEL=${label}`],
      ...['--metrics', `127.0.0.1:${at.metricsPort}`, '--drain-delay', `${DRAIN_MS}`, '--kill-timeout', '3000'],
    ],
    { env: { PORT: String(at.port) } },
  );
  await cli.waitFor((r) => r.event === 'cluster.ready', `host ${label} ready`);
  return { label, name, ...at, cli };
}

export interface Stage {
  /** The engine's binary. */
  bin: string;
  a: Host;
  b: Host;
  /** Where the balancer is to listen. */
  lbPort: number;
  /** A temporary directory for its configuration, logs and pid file. */
  dir: string;
}

/** Both hosts running, and the rest a balancer needs; or why the suite skips. */
export async function setStage(t: TestContext, engine: Engine): Promise<Stage | { skip: string }> {
  const found = findEngine(engine);
  if ('skip' in found) return found;
  const [pa, pb, lbPort] = [await hostPorts(), await hostPorts(), await freePort()];
  const [a, b] = await Promise.all([startHost(t, 'A', pa), startHost(t, 'B', pb)]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `clusterize-${engine}-`));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return { bin: found.path, a, b, lbPort, dir };
}

/** The engines announce nothing when they listen: ask until the balancer answers. */
export function answering(port: number): Promise<void> {
  return until(async () => (await get(port).catch(() => null))?.status === 200, 'the balancer to answer on its port', 15_000);
}

export interface Balancer {
  port: number;
  /** When the balancer took the host out (its own log), or null for a balancer that cannot tell (nginx OSS). */
  out(label: Host['label']): Promise<number | null>;
  /** Resolves when the balancer has the host back in, by its own account, if it keeps one. */
  backIn(label: Host['label'], since: number): Promise<void>;
}

export interface ScenarioResult {
  requests: number;
  failures: LoadReport['failures'];
  keepAlive: { requests: number; failures: number };
  fresh: { requests: number; failures: number };
  reloadAMs: number;
  reloadBMs: number;
  /** From `clusterize stop` to host A's exit. */
  stopAMs: number;
  /** When the balancer took A out, after the stop began (null if it cannot say). */
  outAfterMs: number | null;
  /** When A's workers began to stop, after the stop began. */
  workersStopAfterMs: number;
  /** From A started again to its first response through the balancer. */
  backAfterMs: number;
  durationMs: number;
}

const timeOf = (r: LogRecord) => r.time as number;
const count = (r: LoadReport) => ({ requests: r.ok + r.failures.length, failures: r.failures.length });

export async function runScenario(t: TestContext, hosts: { a: Host; b: Host }, lb: Balancer): Promise<ScenarioResult> {
  const began = Date.now();
  const keepAlive = startLoad(lb.port, { keepAlive: true, concurrency: 2, t, maxMs: 80_000 });
  const fresh = startLoad(lb.port, { keepAlive: false, concurrency: 2, t, maxMs: 80_000 });
  const served = (label: string, since = 0) =>
    [keepAlive, fresh].some((l) => l.report.timeline.some((x) => x.at >= since && x.body.startsWith(`${label} `)));
  await until(() => served('A') && served('B'), 'both hosts to answer through the balancer', 15_000);

  const reload = async (h: Host) => {
    const start = Date.now();
    const r = await runCli(['reload', '--name', h.name], { timeoutMs: 30_000 });
    assert.equal(r.code, 0, `reload of host ${h.label}: ${r.stderr}`);
    return Date.now() - start;
  };
  const reloadAMs = await reload(hosts.a);
  const reloadBMs = await reload(hosts.b);
  await Promise.all([keepAlive.next(20), fresh.next(20)]);

  const stopAt = Date.now();
  const out = lb.out('A');
  const stopped = await runCli(['stop', '--name', hosts.a.name], { timeoutMs: 30_000 });
  assert.equal(stopped.code, 0, `stop of host A: ${stopped.stderr}`);
  const stopAMs = Date.now() - stopAt;
  const { cli } = hosts.a;
  const drain = await cli.waitFor((r) => r.event === 'stop.drain', 'host A to drain before it stops');
  assert.equal(drain.drainDelayMs, DRAIN_MS);
  const workersStop = await cli.waitFor((r) => r.event === 'stop.start', 'host A to start stopping its workers');
  const outAt = await out;
  if (outAt !== null) assert.ok(outAt < timeOf(workersStop), `the balancer took A out (${outAt - stopAt} ms) before its workers stopped (${timeOf(workersStop) - stopAt} ms)`);
  // The workers served normally during the drain.
  assert.ok(served('A', timeOf(drain)) || outAt !== null, 'host A served requests while it drained');
  await Promise.all([keepAlive.next(20), fresh.next(20)]);

  const againAt = Date.now();
  await startHost(t, 'A', hosts.a, hosts.a.name);
  await lb.backIn('A', againAt);
  await until(() => served('A', againAt), 'host A to get traffic again', 20_000);
  const backAfterMs = Date.now() - againAt;
  await Promise.all([keepAlive.next(20), fresh.next(20)]);

  const [k, f] = [await keepAlive.stop(), await fresh.stop()];
  const failures = [...k.failures, ...f.failures];
  const result: ScenarioResult = {
    requests: count(k).requests + count(f).requests,
    failures,
    keepAlive: count(k),
    fresh: count(f),
    reloadAMs,
    reloadBMs,
    stopAMs,
    outAfterMs: outAt === null ? null : outAt - stopAt,
    workersStopAfterMs: timeOf(workersStop) - stopAt,
    backAfterMs,
    durationMs: Date.now() - began,
  };
  t.diagnostic(JSON.stringify({ ...result, failures: failures.length }));
  assert.deepEqual(failures, [], 'no request failed through the balancer');
  return result;
}
