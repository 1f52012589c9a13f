/**
 * How many threads read local files, and the one listener the threads' stop takes: a
 * listener per thread passed Node's bound of 10 at the eleventh thread, and `--workers 1000`
 * started 958 threads on a machine of 2 cores.
 */
import { getEventListeners } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { CostPartJob, CostPartResult } from '../../cli/workers/cost-parts.ts';
import { workerThreads } from '../../cli/workers/partition.ts';
import { partResults, startParts } from '../../cli/workers/pool.ts';

describe('workerThreads', () => {
  it('starts no more threads than files, nor than twice the cores, and says when the cores decided', () => {
    expect(workerThreads(1000, 10_000, 2)).toEqual({ threads: 4, capped: true });
    expect(workerThreads(5, 10, 2)).toEqual({ threads: 4, capped: true });
    expect(workerThreads(4, 10, 2)).toEqual({ threads: 4, capped: false });
    expect(workerThreads(1000, 3, 2)).toEqual({ threads: 3, capped: false });
    expect(workerThreads(16, 100, 8)).toEqual({ threads: 16, capped: false });
    expect(workerThreads(1000, 100, 8)).toEqual({ threads: 16, capped: true });
  });
});

describe('startParts', () => {
  it('threads put one listener on the stop, gone once they have all ended', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'worker-pool-'));
    const file = join(dir, 'orders-api.log');
    const id = '11111111-1111-1111-1111-111111111111';
    writeFileSync(
      file,
      `START RequestId: ${id} Version: $LATEST\nEND RequestId: ${id}\n` +
        `REPORT RequestId: ${id}\tDuration: 8.50 ms\tBilled Duration: 9 ms\tMemory Size: 512 MB\tMax Memory Used: 80 MB\t\n`,
    );
    const job: CostPartJob = {
      kind: 'cost',
      inputs: [file],
      flags: { arch: 'x86_64', region: 'us-east-1' },
      functionName: 'orders-api',
    };
    const stop = new AbortController();
    const running = startParts<CostPartResult>(
      Array.from({ length: 3 }, () => ({ job, fileBeforeCut: null })),
      stop.signal,
    );
    expect(getEventListeners(stop.signal, 'abort')).toHaveLength(1);
    const results = await partResults(running);
    expect(results).toHaveLength(3);
    expect(results.map((r) => r.report.inputs.map((i) => i.events))).toEqual([[3], [3], [3]]);
    // Each thread answers, then ends: the listener goes with the last.
    await vi.waitFor(() => expect(getEventListeners(stop.signal, 'abort')).toHaveLength(0));
  }, 60_000);
});
