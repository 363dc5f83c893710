// Where things are: the bench, the project, the built CLI, the bench's apps.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const benchDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const root = path.dirname(benchDir);
export const cli = process.env.BENCH_CLI ?? path.join(root, 'dist/src/bundle/clusterize.js');
export const apps = path.join(benchDir, 'apps');
