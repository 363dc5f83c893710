#!/usr/bin/env node
import { main } from './main.js';
import { FLUSH_TIMEOUT_MS, flushStdio } from '../output/stdio.js';

const code = await main(process.argv.slice(2));
// What is still queued for a slow stdout is written first, within a bound.
await flushStdio(FLUSH_TIMEOUT_MS);
// Exit explicitly: the supervisor has stopped (or a command has answered) and nothing
// we leave behind, like a sampling timer, should keep the process up.
process.exit(code);
