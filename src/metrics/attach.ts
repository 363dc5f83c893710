// Placeholder: wires metrics (sampling, Prometheus, memory and heartbeat policies) to a supervisor.
import type { Supervisor } from '../supervisor/supervisor.js';

export async function attachMetrics(_sup: Supervisor): Promise<void> {}
