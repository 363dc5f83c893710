// The cheapest possible handler: with `Connection: close` the cost is all in
// accepting connections, which is where the cluster modes differ.
import { serve } from './serve.js';

serve((_req, res) => {
  res.setHeader('content-type', 'text/plain');
  res.end('hello world\n');
});
