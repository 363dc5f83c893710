// The control socket speaks newline-delimited JSON: one request per line, one
// response line per request, matched by id.

export type ControlRequest =
  | { id: number; cmd: 'status' }
  | { id: number; cmd: 'stop' }
  | { id: number; cmd: 'reload' }
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
    case 'reload':
      return { id, cmd: r.cmd };
    case 'scale':
      return typeof r.instances === 'number' ? { id, cmd: 'scale', instances: r.instances } : { id, invalid: 'scale needs instances' };
    default:
      return { id, invalid: `unknown command ${JSON.stringify(r?.cmd)}` };
  }
}
