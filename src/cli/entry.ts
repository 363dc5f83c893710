#!/usr/bin/env node
// The CLI's entry: npm run build bundles it and what it loads into dist/src/bundle/,
// the package's bin. Everything after the first line loads lazily, per command.
import { pauseOptimizer } from './optimizer.js';

// Before the imports: see optimizer.ts. start.ts resumes it once the cluster is up.
pauseOptimizer();
const { main } = await import('./main.js');
const { FLUSH_TIMEOUT_MS, flushStdio } = await import('../output/stdio.js');

const code = await main(process.argv.slice(2));
// What is still queued for a slow stdout is written first, within a bound.
await flushStdio(FLUSH_TIMEOUT_MS);
// Exit explicitly: the supervisor has stopped (or a command has answered) and nothing
// we leave behind, like a sampling timer, should keep the process up.
process.exit(code);
