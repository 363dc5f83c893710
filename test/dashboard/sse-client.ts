// A tiny server-sent events reader for tests: frames in order, and a bounded wait for
// the next frame of a given event name.
import http from 'node:http';

export interface Frame {
  event: string;
  data: unknown;
}

export interface Stream {
  status: number;
  frames: Frame[];
  /** Comment lines (": ping") seen so far. */
  comments: number;
  /** Everything received, as text (the body of an answer that is not a stream). */
  text: string;
  /** Resolves with the first frame named event after the first `after` frames. */
  next(event: string, what: string, o?: { after?: number; ms?: number }): Promise<Frame>;
  close(): void;
  closed: Promise<void>;
  /** Resolves when the server ended the answer (never, for a stream that runs). */
  ended: Promise<void>;
}

export function openStream(port: number, path: string, headers: Record<string, string> = {}): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, headers, agent: false }, (res) => {
      const frames: Frame[] = [];
      const waiters = new Set<() => void>();
      let rest = '';
      const stream: Stream = {
        status: res.statusCode ?? 0,
        frames,
        comments: 0,
        text: '',
        next: (event, what, o = {}) =>
          new Promise((ok, fail) => {
            const check = () => {
              const f = frames.slice(o.after ?? 0).find((x) => x.event === event);
              if (!f) return;
              waiters.delete(check);
              clearTimeout(timer);
              ok(f);
            };
            const timer = setTimeout(() => {
              waiters.delete(check);
              fail(new Error(`timed out after ${o.ms ?? 5000} ms waiting for ${what}; got ${frames.map((x) => x.event).join(', ')}`));
            }, o.ms ?? 5000);
            waiters.add(check);
            check();
          }),
        close: () => req.destroy(),
        closed: new Promise((done) => res.on('close', () => done())),
        ended: new Promise((done) => res.on('end', () => done())),
      };
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        stream.text += chunk;
        rest += chunk;
        let end: number;
        while ((end = rest.indexOf('\n\n')) !== -1) {
          const block = rest.slice(0, end);
          rest = rest.slice(end + 2);
          let event = 'message';
          let data: string | null = null;
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) stream.comments++;
            else if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('data: ')) data = line.slice(6);
          }
          if (data !== null) frames.push({ event, data: JSON.parse(data) });
        }
        waiters.forEach((w) => w());
      });
      resolve(stream);
    });
    req.on('error', reject);
  });
}
