#!/usr/bin/env node
// The CLI as built by `npm run build`: src/cli/entry.ts and what it loads, bundled into
// dist/src/bundle/ (the package's bin). This path stays for scripts that ran it before;
// it costs one more small module. Through a URL, so that tsc does not look for the
// bundle, which does not exist when it runs.
await import(new URL('../bundle/clusterize.js', import.meta.url).href);
