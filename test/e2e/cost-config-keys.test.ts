/**
 * `lambdalens cost --config` with a file that does not say what its writer meant: a mistyped
 * key (which would leave its figure at the default without a word) is named with the key it
 * likely meant, and configured functions the data never invoked are noted; a wrong value is
 * still an error (exit 2). The real CLI over the example month.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CostReport } from '../../pricing/report/types.ts';
import { runCli } from '../support/cli.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const data = join(root, 'examples', 'data');
const exampleConfig = join(data, 'functions.json');

type Functions = Record<string, Record<string, unknown>>;

/** The example functions.json changed by `edit`, written to a new file. */
function configWith(edit: (functions: Functions) => void): string {
  const config = JSON.parse(readFileSync(exampleConfig, 'utf8')) as { functions: Functions };
  edit(config.functions);
  const path = join(mkdtempSync(join(tmpdir(), 'lambdalens-config-keys-')), 'functions.json');
  writeFileSync(path, JSON.stringify(config));
  return path;
}

function cost(config: string, extra: string[] = []) {
  return runCli(
    ['cost', join(data, 'logs'), '--config', config, '--month', '2026-10', '-o', 'json', ...extra],
    {},
  );
}

const storageOf = (stdout: string, name: string) =>
  (JSON.parse(stdout) as CostReport).functions.find((f) => f.functionName === name)?.exact.ephemeralStorage;

describe('lambdalens cost --config that does not say what was meant', () => {
  it('names a mistyped key with the key it likely meant, and the function it is under', () => {
    const config = configWith((functions) => {
      const resizer = functions['image-resizer'] as Record<string, unknown>;
      resizer.ephemeralStorageMb = resizer.ephemeralStorageMB;
      delete resizer.ephemeralStorageMB;
      (functions['orders-api'] as Record<string, unknown>).colour = 'blue';
    });
    const run = cost(config);
    expect(run.code).toBe(0);
    const warnings = run.stderr.split('\n').filter((l) => l.includes('unknown key'));
    expect(warnings).toEqual([
      `lambdalens: warning: ${config}: functions["orders-api"] has an unknown key "colour": ignored (the keys read are functionName, region, accountId, architecture, memorySizeMB, ephemeralStorageMB, timeoutSeconds, runtime, tracingMode, logFormat, logGroup, snapStart, packageType, provisionedConcurrency, provisionedConcurrencyHours)`,
      `lambdalens: warning: ${config}: functions["image-resizer"] has an unknown key "ephemeralStorageMb" (did you mean ephemeralStorageMB?): ignored`,
    ]);
    // What the warning is about: read as absent, the 4,096 MB of /tmp falls back to the free
    // 512 MB. Spelled right: 3.5 GB × 604.172 s × $0.000000034 (eu-west-1).
    expect(storageOf(run.stdout, 'image-resizer')).toBe('0');
    expect(storageOf(cost(exampleConfig).stdout, 'image-resizer')).toBe('0.000071896468');
  });

  it('notes configured functions with no invocation in the report, and only those the report keeps', () => {
    const config = configWith((functions) => {
      functions['ghost-fn'] = { region: 'us-east-1', architecture: 'arm64' };
      functions['another-ghost'] = { region: 'eu-west-1', architecture: 'x86_64' };
    });
    const run = cost(config);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      `lambdalens: note: ${config}: no invocations in this report of configured function(s): another-ghost, ghost-fn\n`,
    );
    // A report of one function does not list the others as unused.
    const one = cost(config, ['--function', 'orders-api']);
    expect(one.code).toBe(0);
    expect(one.stderr).not.toContain('no invocations in this report');
    const kept = cost(config, ['--function', 'orders-api,ghost-fn']);
    expect(kept.stderr).toContain(
      `lambdalens: note: ${config}: no invocations in this report of configured function(s): ghost-fn\n`,
    );
  });

  it('says nothing of a config every key and function of which is used', () => {
    const run = cost(exampleConfig);
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain('unknown key');
    expect(run.stderr).not.toContain('no invocations in this report');
  });

  it('still refuses a known key with a wrong value, before reading anything', () => {
    const config = configWith((functions) => {
      (functions['image-resizer'] as Record<string, unknown>).ephemeralStorageMB = '4096';
    });
    const run = cost(config);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      `${config}: functions["image-resizer"].ephemeralStorageMB is "4096"; Lambda allows a whole number of MB from 512 to 10,240`,
    );
    expect(run.stderr).not.toContain('unknown key');
  });
});

describe('lambdalens ship --config that does not say what was meant', () => {
  it('names the mistyped key once, on one thread or several', () => {
    const config = configWith((functions) => {
      const f = functions['image-resizer'] as Record<string, unknown>;
      f.ephemeralStorageMb = f.ephemeralStorageMB;
      delete f.ephemeralStorageMB;
    });
    for (const workers of ['1', '2']) {
      const run = runCli(
        ['ship', join(data, 'logs'), '--to', '-', '--config', config, '--workers', workers],
        {},
      );
      expect(run.code, run.stderr).toBe(0);
      const warnings = run.stderr.split('\n').filter((l) => l.includes('unknown key'));
      expect(warnings).toEqual([
        `lambdalens: warning: ${config}: functions["image-resizer"] has an unknown key "ephemeralStorageMb" (did you mean ephemeralStorageMB?): ignored`,
      ]);
    }
  });
});
