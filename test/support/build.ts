/**
 * Vitest global setup: builds dist/ once per test run, before any test starts, so every
 * test that runs `bin/lambdalens.mjs` (the compiled CLI, as users run it) tests the
 * sources as they are now, never a stale build. The JavaScript build takes about a second.
 *
 * It also makes the run a temporary folder of its own, which `run-tmpdir.ts` makes each
 * test file's TMPDIR, and removes it when the run ends: the folders tests make, and the
 * spools of CLI runs they kill, go with it instead of piling up in the machine's /tmp.
 * The services' global setup keeps the machine's TMPDIR, and so do the tests that start
 * search engines themselves (machine-tmpdir.ts): run as root, the engines are unpacked
 * there once for every run, and the account they run as cannot enter the run's folder.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    runTmpDir: string;
    machineTmpDir: string;
  }
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export default function setup(project: TestProject): () => void {
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  const scratch = mkdtempSync(join(tmpdir(), 'lambdalens-test-run-'));
  project.provide('runTmpDir', scratch);
  project.provide('machineTmpDir', tmpdir());
  return () => rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
}
