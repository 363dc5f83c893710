// Counts the requests of every http/https server of the app, for --max-requests and the
// metrics report. Node publishes each request on a diagnostics channel, so nothing of
// the app's is wrapped, and the cost is one call per request.
import diagnostics from 'node:diagnostics_channel';

const CHANNEL = 'http.server.request.start';

/**
 * Starts counting. onLimit runs once, on the request that reaches limit (0: never).
 * Returns the count so far.
 */
export function countRequests(limit: number, onLimit: (requests: number) => void): () => number {
  let requests = 0;
  diagnostics.subscribe(CHANNEL, () => {
    requests++;
    if (requests === limit) onLimit(requests);
  });
  return () => requests;
}
