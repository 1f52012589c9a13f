/**
 * Vitest global setup: builds dist/ once per test run, before any test starts, so every
 * test that runs `bin/lambdalens.mjs` (the compiled CLI, as users run it) tests the
 * sources as they are now, never a stale build. The JavaScript build takes about a second.
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export default function setup(): void {
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
}
