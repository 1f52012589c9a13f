/**
 * `npm run build:shipper`: one ESM file for the Lambda (dist/shipper/index.mjs). The AWS
 * SDK v3 ships with the Node.js Lambda runtimes, so it stays outside the bundle.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outdir = join(root, 'dist', 'shipper');
rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });

const result = await build({
  entryPoints: { index: join(root, 'shippers', 'lambda', 'index.ts') },
  outdir,
  outExtension: { '.js': '.mjs' },
  // What only OpenSearch targets load (its client, the SigV4 signer) goes to its own chunk,
  // so an Elasticsearch shipper's cold start never parses it.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  minify: true,
  sourcemap: false,
  external: ['@aws-sdk/*'],
  // The Elasticsearch client is CommonJS and calls require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
  metafile: true,
  logLevel: 'warning',
});
const outputs = Object.entries(result.metafile.outputs);
const bytes = outputs.reduce((n, [, o]) => n + o.bytes, 0);
const entry = outputs.find(([name]) => name.endsWith('index.mjs'))?.[1].bytes ?? 0;
process.stdout.write(
  `dist/shipper/index.mjs: ${(entry / 1024).toFixed(1)} KiB (all chunks ${(bytes / 1024).toFixed(1)} KiB)\n`,
);
