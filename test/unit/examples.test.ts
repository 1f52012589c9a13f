import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INVOCATION_STATUSES } from '../../collectors/model.ts';
import { EXAMPLES_DATA_DIR, generateExamples, listExampleFiles } from '../../examples/generate.ts';

const generated = generateExamples();
const { files, invocations, summary } = generated;

describe('example data set', () => {
  it('is committed exactly as the generator writes it', () => {
    expect(listExampleFiles()).toEqual([...files.keys()].sort());
    for (const [name, content] of files) {
      expect(readFileSync(join(EXAMPLES_DATA_DIR, name), 'utf8'), name).toBe(content);
    }
  });

  it('comes out byte-identical on a second run', () => {
    const again = generateExamples();
    expect([...again.files.entries()]).toEqual([...files.entries()]);
  });

  it('is a few MB of logs over October 2026', () => {
    expect(summary.totals.bytes).toBeGreaterThan(3_000_000);
    expect(summary.totals.bytes).toBeLessThan(6_000_000);
    for (const inv of invocations) {
      expect(
        inv.start >= '2026-10-01T00:00:00.000Z' && inv.end < '2026-11-01T00:00:00.000Z',
        inv.requestId,
      ).toBe(true);
      expect(inv.start <= inv.end).toBe(true);
    }
  });

  it('has every status, and each function has successes and cold starts', () => {
    for (const status of INVOCATION_STATUSES)
      expect(summary.totals.byStatus[status], status).toBeGreaterThan(0);
    for (const f of summary.functions) {
      expect(f.byStatus.success, f.functionName).toBeGreaterThan(0);
      expect(f.coldStarts, f.functionName).toBe(f.streams);
    }
    const counted = INVOCATION_STATUSES.reduce((n, s) => n + summary.totals.byStatus[s], 0);
    expect(counted).toBe(invocations.length);
  });

  it('covers both architectures, both log formats, several regions and every file shape', () => {
    const fns = summary.functions;
    expect(new Set(fns.map((f) => f.architecture))).toEqual(new Set(['x86_64', 'arm64']));
    expect(new Set(fns.map((f) => f.logFormat))).toEqual(new Set(['Text', 'JSON']));
    expect(new Set(fns.map((f) => f.region))).toEqual(new Set(['us-east-1', 'eu-west-1', 'eu-south-1']));
    const names = [...files.keys()];
    expect(names.filter((n) => n.endsWith('.log'))).toEqual([
      'logs/image-resizer.log',
      'logs/etl-nightly.log',
    ]);
    expect(names.filter((n) => n.startsWith('logs/subscription-')).length).toBe(6);
    const config = JSON.parse(files.get('functions.json') as string).functions;
    expect(Object.keys(config).sort()).toEqual(fns.map((f) => f.functionName).sort());
    expect(config['image-resizer'].ephemeralStorageMB).toBe(4096);
    expect(config['payments-webhook'].snapStart).toBe('PublishedVersions');
  });

  it('keeps request IDs unique and one request at a time per stream', () => {
    expect(new Set(invocations.map((i) => i.requestId)).size).toBe(invocations.length);
    const byStream = new Map<string, typeof invocations>();
    for (const inv of invocations) byStream.set(inv.logStream, [...(byStream.get(inv.logStream) ?? []), inv]);
    for (const list of byStream.values()) {
      for (let i = 1; i < list.length; i++)
        expect((list[i - 1]?.end ?? '') <= (list[i]?.start ?? '')).toBe(true);
      expect(list[0]?.coldStart).toBe(true);
      expect(list.slice(1).every((inv) => !inv.coldStart)).toBe(true);
    }
  });

  it('bills init on cold starts, caps old-style timeouts, and reports OOM at the memory limit', () => {
    for (const inv of invocations) {
      if (inv.status === 'incomplete') {
        expect(inv.durationMs).toBeNull();
        expect(inv.billedDurationMs).toBeNull();
        continue;
      }
      const d = inv.durationMs as number;
      const billed = inv.billedDurationMs as number;
      if (inv.restoreDurationMs !== null) {
        expect(billed).toBe(Math.ceil(d) + (inv.billedRestoreDurationMs as number));
      } else if (inv.functionName === 'orders-api' && inv.status === 'timeout') {
        expect(billed).toBe(10_000);
        expect(d).toBeGreaterThan(10_000);
      } else {
        expect(billed).toBe(Math.ceil(Math.round((d + (inv.initDurationMs ?? 0)) * 1000) / 1000));
      }
      if (inv.status === 'oom') expect(inv.maxMemoryUsedMB).toBe(inv.memorySizeMB);
      else expect(inv.maxMemoryUsedMB as number).toBeLessThan(inv.memorySizeMB as number);
    }
  });

  it('has the log shapes it promises', () => {
    const messages: string[] = [];
    for (const [name, content] of files) {
      if (name.endsWith('.log')) messages.push(content);
      else if (name.startsWith('logs/subscription-'))
        messages.push(...JSON.parse(content).logEvents.map((e: { message: string }) => e.message));
      else if (name !== 'functions.json' && name !== 'manifest.json') {
        messages.push(...JSON.parse(content).events.map((e: { message: string }) => e.message));
      }
    }
    const all = messages.join('\n');
    for (const needle of [
      'Task timed out after',
      'Status: timeout',
      'Error Type: Runtime.OutOfMemory',
      'Runtime exited with error: signal: killed\nRuntime.ExitError',
      'Runtime exited with error: exit status 1\nRuntime.ExitError',
      'Status: error\tError Type: Runtime.ExitError',
      'XRAY TraceId: 1-',
      '"tracing":{"spanId"',
      'RESTORE_START Runtime Version: java:21',
      'Billed Restore Duration:',
      'INIT_START Runtime Version: python:3.13',
      '"type":"platform.initStart"',
      '"status":"timeout"',
      '"errorType":"Runtime.OutOfMemory"',
      '\tINFO\t',
      '[INFO]\t2026-10-',
      'Invoke Error',
    ]) {
      expect(all.includes(needle), needle).toBe(true);
    }
  });

  it('has a manifest whose totals add up from the record of every request', () => {
    const billed = invocations.reduce((n, i) => n + (i.billedDurationMs ?? 0), 0);
    const mbMs = invocations.reduce((n, i) => n + (i.billedDurationMs ?? 0) * (i.memorySizeMB ?? 0), 0);
    expect(summary.totals.billedDurationMs).toBe(billed);
    expect(summary.totals.billedMbMs).toBe(mbMs);
    expect(Number.isSafeInteger(mbMs)).toBe(true);
    expect(summary.totals.invocations).toBe(invocations.length);
    expect(JSON.parse(files.get('manifest.json') as string)).toEqual(summary);
  });
});
