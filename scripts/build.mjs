#!/usr/bin/env node
/**
 * Builds the package into dist/: the CLI and the library as ES modules for Node 20, with
 * source maps, code split at every dynamic import so each command loads only what it uses
 * (the terminal UI, the AWS SDK and the Elasticsearch client stay in chunks of their own
 * until a command needs them). The command line carries the AWS SDK bundled; the library
 * and the shipper Lambda import it as a package.
 *
 *   node scripts/build.mjs          JavaScript and source maps (about a second)
 *   node scripts/build.mjs --types  also the .d.ts files of the library surface (tsc)
 *
 * The build goes to a fresh folder that replaces dist/ whole, so a run that reads dist/
 * meanwhile sees the old build or the new one, never half of each.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const next = join(root, `.dist-${process.pid}`);

rmSync(next, { recursive: true, force: true });
try {
  const common = {
    absWorkingDir: root,
    outdir: next,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // React's production build, chosen at build time: its development build is larger and
    // keeps timing data of every render.
    define: { 'process.env.NODE_ENV': '"production"' },
    // Ink loads React's devtools only under DEV=true; a build for users leaves them out.
    alias: { 'react-devtools-core': './scripts/no-devtools.mjs' },
    // Bundled CommonJS (React, the AWS SDK) calls require() for Node's built-ins.
    banner: {
      js: "import { createRequire as __lambdalensRequire } from 'node:module'; const require = __lambdalensRequire(import.meta.url);",
    },
    sourcemap: 'linked',
    sourcesContent: false,
    jsx: 'automatic',
    chunkNames: 'chunks/[name]-[hash]',
    logLevel: 'warning',
  };
  // The command line. The Elasticsearch and OpenSearch clients stay packages that npm
  // installs (large, and loaded only by the runs that need them). Everything else is
  // bundled: loading Ink and React from one file is about four times faster than resolving
  // their hundred-odd modules, which is most of the terminal UI's time to its first frame;
  // and the AWS SDK's clients, resolved and compiled module by module, took most of a
  // second before an AWS command's first call, four times what the bundled chunk takes.
  await build({
    ...common,
    entryPoints: {
      'cli/main': 'cli/main.ts',
      // The worker threads' start (logs, cost and ship over many files); found next to the CLI.
      'cli/worker': 'cli/workers/worker-entry.ts',
    },
    external: ['@elastic/*', '@opensearch-project/*'],
  });
  // The library and the log-shipping Lambda import the AWS SDK as a package: a program that
  // hands the library its own clients, or a Lambda runtime that has the SDK, keeps one copy.
  await build({
    ...common,
    entryPoints: { index: 'index.ts', 'shipper-lambda': 'shippers/lambda/index.ts' },
    external: ['@aws-sdk/*', '@smithy/*', '@elastic/*', '@opensearch-project/*'],
  });
  if (process.argv.includes('--types')) {
    execFileSync(
      process.execPath,
      [
        join(root, 'node_modules/typescript/bin/tsc'),
        '-p',
        'tsconfig.build.json',
        '--outDir',
        join(next, 'types'),
      ],
      {
        cwd: root,
        stdio: 'inherit',
      },
    );
  }
  const old = join(root, `.dist-old-${process.pid}`);
  if (existsSync(dist)) renameSync(dist, old);
  renameSync(next, dist);
  rmSync(old, { recursive: true, force: true });
} catch (err) {
  rmSync(next, { recursive: true, force: true });
  throw err;
}
