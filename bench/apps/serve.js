// What every bench app shares, so the contenders differ only in how they are run:
// listen on 127.0.0.1:$PORT, print one `listening <pid> <port>` line (the bench waits
// for that line, never sleeps), answer /pid (the crash test tells workers apart by
// it), and count requests per process for the distribution numbers.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

export function serve(handler) {
  const port = Number(process.env.PORT);
  const reusePort = process.env.BENCH_REUSEPORT === '1';
  let served = 0;
  const server = http.createServer((req, res) => {
    served++;
    if (req.url === '/pid') res.end(String(process.pid));
    else handler(req, res);
  });

  const dir = process.env.BENCH_COUNT_DIR;
  if (dir) {
    // A file per process, rewritten only when the count moved: costs nothing per
    // request and needs no channel to the bench, whoever the parent is.
    const file = path.join(dir, String(process.pid));
    let written = -1;
    setInterval(() => {
      if (served === written) return;
      written = served;
      fs.writeFileSync(file, String(served));
    }, 100).unref();
  }

  // exclusive: each worker binds its own SO_REUSEPORT socket and the kernel spreads
  // connections by hash; node:cluster's primary then never hears of the listen, so the
  // app says 'ready' itself (clusterize runs it with --wait-ready).
  const options = reusePort ? { port, host: '127.0.0.1', exclusive: true, reusePort: true } : { port, host: '127.0.0.1' };
  server.listen(options, () => {
    console.log(`listening ${process.pid} ${server.address().port}`);
    if (reusePort) process.send?.('ready');
  });
  return server;
}
