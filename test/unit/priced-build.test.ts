/**
 * Whether a document is a priced build of an invocation, read back from its completeness
 * version alone: `ship` tells from it, for documents found already stored, that a price this
 * run gave was not stored (and says so), whatever else the build held.
 */
import { describe, expect, it } from 'vitest';
import { emptyInvocation, type Invocation } from '../../collectors/model.ts';
import { buildInvocationDocument, isPricedBuild } from '../../shippers/documents.ts';

const cost = { totalUsd: 2.1e-7, computeUsd: 1e-8, requestUsd: 2e-7 };

function invocation(extra: Partial<Invocation>): Invocation {
  return { ...emptyInvocation('0f0f0f0f-0000-4000-8000-000000000001'), functionName: 'fn', ...extra };
}

describe('isPricedBuild', () => {
  it('is true of an invocation built with a price, whatever else it holds, and of nothing else', () => {
    const builds: [Partial<Invocation>, boolean][] = [
      [{}, false],
      [{ status: 'success', billedDurationMs: 13, memorySizeMB: 128, durationMs: 12.5 }, false],
      [{ status: 'success', billedDurationMs: 13, memorySizeMB: 128, durationMs: 12.5 }, true],
      [{ status: 'timeout', durationMs: 3000, traceId: '1-5960-abc', version: '$LATEST' }, true],
      [{ lines: Array.from({ length: 5000 }, () => ({ timestamp: null, level: null, message: 'x' })) }, true],
      [
        { lines: Array.from({ length: 5000 }, () => ({ timestamp: null, level: null, message: 'x' })) },
        false,
      ],
    ];
    expect(
      builds.map(([extra, priced]) =>
        isPricedBuild(buildInvocationDocument(invocation(extra), {}, 0, priced ? cost : null)),
      ),
    ).toEqual(builds.map(([, priced]) => priced));
  });

  it('is false of a log line document, which has no version', () => {
    expect(isPricedBuild({ kind: 'line', version: null })).toBe(false);
  });
});
