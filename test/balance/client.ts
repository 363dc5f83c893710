// Clients for the balance tests: a held TCP connection that reads which worker took
// it, and one HTTP request from a chosen source address.
import http from 'node:http';
import net from 'node:net';
import { runCli } from '../helpers/cli-process.js';
import { withTimeout } from '../helpers/wait.js';

export interface Held {
  slot: number;
  socket: net.Socket;
}

/** Connects and waits for the fixture's greeting ("slot N pid P"). */
export function hold(port: number, localAddress = '127.0.0.1'): Promise<Held> {
  const socket = net.connect({ port, host: '127.0.0.1', localAddress });
  const greeting = new Promise<Held>((resolve, reject) => {
    let buf = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => {
      buf += d;
      const m = /^slot (\d+) pid \d+\n/.exec(buf);
      if (m) resolve({ slot: Number(m[1]), socket });
    });
    socket.on('error', reject);
    socket.on('close', () => reject(new Error(`connection closed before the greeting (got ${JSON.stringify(buf)})`)));
  });
  return withTimeout(greeting, 10_000, 'a worker to greet a held connection');
}

/** GET / from localAddress on a new connection; resolves with the body. */
export function getFrom(port: number, localAddress: string, path = '/'): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, localAddress, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve(body));
    });
    req.setTimeout(10_000, () => req.destroy(new Error(`GET ${path} from ${localAddress} timed out`)));
    req.on('error', reject);
  });
}

/** The source addresses 127.0.0.2 ... 127.0.0.(n+1): Linux routes all of 127/8 to loopback. */
export const sourceAddresses = (n: number) => Array.from({ length: n }, (_, i) => `127.0.0.${i + 2}`);

export interface StatusRow {
  slot: number;
  pid: number | null;
  state: string;
  connections: number | null;
}

export async function status(name: string): Promise<{ balance: string; workers: StatusRow[] }> {
  const r = await runCli(['status', '--json', '--name', name]);
  if (r.code !== 0) throw new Error(`status failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as { balance: string; workers: StatusRow[] };
}
