#!/usr/bin/env node
import { main } from './main.js';

// Exit explicitly: the supervisor has stopped (or a command has answered) and nothing
// we leave behind, like a sampling timer, should keep the process up.
process.exit(await main(process.argv.slice(2)));
