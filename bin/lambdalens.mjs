#!/usr/bin/env node
// Runs the compiled CLI (dist/, built by `npm ci`/`npm install` through `prepare`, and by
// `npm pack` through `prepack`): no TypeScript loader at run time.
await import('../dist/cli/main.js');
