// GET /healthz, the load balancer's question "may I send requests here?". Yes (200)
// while at least min-ready workers serve and the supervisor is not leaving; no (503)
// as soon as it drains, so the balancer takes the host out while the workers still
// serve, and before they stop accepting. The body says why. Pure.
import type { SupervisorStatus } from '../supervisor/status.js';
import { plural } from '../text.js';

export type HealthStatus = 'ok' | 'draining' | 'stopping' | 'unavailable';

export interface Health {
  httpStatus: 200 | 503;
  body: {
    status: HealthStatus;
    /** Why the answer is 503, for people reading the balancer's logs; absent when ok. */
    reason?: string;
    state: SupervisorStatus['state'];
    ready: number;
    minReady: number;
    instances: number;
  };
}

export function healthOf(s: SupervisorStatus, minReady = 1): Health {
  const ready = s.workers.filter((w) => w.state === 'ready').length;
  const [status, reason] = judge(s.state, ready, minReady);
  const body: Health['body'] = { status, state: s.state, ready, minReady, instances: s.instances };
  if (reason) body.reason = reason;
  return { httpStatus: status === 'ok' ? 200 : 503, body };
}

function judge(state: SupervisorStatus['state'], ready: number, minReady: number): [HealthStatus, string?] {
  if (state === 'draining') return ['draining', 'draining before stop: the workers still serve, but take this host out'];
  if (state === 'stopping' || state === 'stopped') return ['stopping', `the supervisor is ${state}`];
  if (ready < minReady) {
    return ['unavailable', `${plural(ready, 'worker')} ready, fewer than min-ready (${minReady})`];
  }
  return ['ok'];
}
