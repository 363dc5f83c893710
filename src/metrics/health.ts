// GET /healthz: healthy while at least one worker serves and the supervisor is not
// shutting down, so a load balancer stops sending before the workers leave. Pure.
import type { SupervisorStatus } from '../supervisor/status.js';

export interface Health {
  httpStatus: 200 | 503;
  body: { status: 'ok' | 'unavailable'; state: SupervisorStatus['state']; ready: number; instances: number };
}

export function healthOf(s: SupervisorStatus): Health {
  const ready = s.workers.filter((w) => w.state === 'ready').length;
  const ok = ready > 0 && s.state !== 'stopping' && s.state !== 'stopped';
  return {
    httpStatus: ok ? 200 : 503,
    body: { status: ok ? 'ok' : 'unavailable', state: s.state, ready, instances: s.instances },
  };
}
