// Wires metrics to a supervisor: the OS sampler, the --metrics HTTP server, and the
// two policies that act on the numbers (memory limit, heartbeat). Everything started
// here is stopped by sup.stop() through onClose.
import { logEvent } from '../log-events.js';
import type { Supervisor } from '../supervisor/supervisor.js';
import { startHeartbeat } from './heartbeat.js';
import { memoryGuard } from './memory-guard.js';
import { startSampler } from './sampler.js';

/** The sampling period when workers do not report (--metrics-interval 0) but a policy or /metrics needs numbers. */
const FALLBACK_INTERVAL_MS = 1000;

/** How long a hung worker's stack may take before the kill goes ahead anyway (measured: ~200 ms). */
const STACK_CAPTURE_MS = 1000;

export async function attachMetrics(sup: Supervisor): Promise<void> {
  const o = sup.options;
  const log = o.logger;

  // First, since it is the step that can fail (a busy port): nothing else to undo then.
  if (o.metrics) {
    // prom-client and the dashboard are loaded only when someone asks for /metrics.
    const { startMetricsServer } = await import('./http-server.js');
    const { startDashboard } = await import('../dashboard/attach.js');
    const dashboard = startDashboard(sup, o.name);
    const server = await startMetricsServer(o.metrics, () => sup.status(), log, o.minReady, { token: o.metricsToken, routes: dashboard.routes }).catch(
      (err: unknown) => {
        dashboard.close();
        throw err;
      },
    );
    logEvent(log, 'info', 'metrics.listening', { metricsAddress: server.address }, `metrics on http://${server.address}/metrics`);
    sup.onClose(() => server.close());
    sup.onClose(() => dashboard.close());
  }

  const stops: (() => void)[] = [];
  if (o.metricsInterval > 0 || o.maxMemoryRestart > 0 || o.metrics) {
    const checkMemory = o.maxMemoryRestart > 0 ? memoryGuard(sup, o.maxMemoryRestart, log) : () => {};
    stops.push(startSampler(sup, o.metricsInterval || FALLBACK_INTERVAL_MS, log, checkMemory));
  }
  if (o.heartbeatTimeout > 0) {
    // Loaded when a worker hangs, not at start: the primary keeps every module it loads.
    const readStack = async (w: { slot: number; pid: number }) => {
      const { captureHungStack } = await import('./diagnostics.js');
      await captureHungStack(sup, w, { name: o.name, timeoutMs: STACK_CAPTURE_MS }, log);
    };
    stops.push(startHeartbeat(sup, o.heartbeatTimeout, log, readStack));
  }
  const stopAll = () => stops.splice(0).forEach((stop) => stop());
  // Policies must not act on workers that are being stopped.
  sup.once('stopping', stopAll);
  sup.onClose(() => {
    sup.off('stopping', stopAll);
    stopAll();
  });
}
