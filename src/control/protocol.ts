// The control socket speaks newline-delimited JSON: one request per line, one
// response line per request, matched by id.

export type ControlRequest =
  | { id: number; cmd: 'status' }
  | { id: number; cmd: 'stop' }
  /** env: variables for the new workers, kept for later reloads (validated by the supervisor). */
  | { id: number; cmd: 'reload'; env?: Record<string, unknown> }
  | { id: number; cmd: 'scale'; instances: number };

export type ControlCommand = ControlRequest['cmd'];

export type ControlResponse =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { code: string; message: string } };

export function parseRequest(line: string): ControlRequest | { id: number; invalid: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return { id: 0, invalid: 'not JSON' };
  }
  const r = raw as Record<string, unknown> | null;
  const id = typeof r?.id === 'number' ? r.id : 0;
  switch (r?.cmd) {
    case 'status':
    case 'stop':
      return { id, cmd: r.cmd };
    case 'reload':
      if (r.env === undefined) return { id, cmd: 'reload' };
      return typeof r.env === 'object' && r.env !== null && !Array.isArray(r.env)
        ? { id, cmd: 'reload', env: r.env as Record<string, unknown> }
        : { id, invalid: 'reload env must be an object of KEY: value' };
    case 'scale':
      return typeof r.instances === 'number' ? { id, cmd: 'scale', instances: r.instances } : { id, invalid: 'scale needs instances' };
    default:
      return { id, invalid: `unknown command ${JSON.stringify(r?.cmd)}` };
  }
}
