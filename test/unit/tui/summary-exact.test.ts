import { describe, expect, it } from 'vitest';
import { UNICODE_GLYPHS } from '../../../cli/tui/glyphs.ts';
import { createHealthTracker, EXACT_DURATIONS, summarizeRows } from '../../../cli/tui/health.ts';
import { lineText } from '../../../cli/tui/paint.ts';
import { summaryLines, summaryScreen } from '../../../cli/tui/summary-lines.ts';
import { row } from './helpers.tsx';

/** The summary as text lines, at a width that keeps every column. */
function tables(samples: ReturnType<typeof row>[], tracker = createHealthTracker()): string[] {
  for (const sample of samples) tracker.add(sample);
  const lines = summaryLines(summarizeRows(samples), tracker.summary(), 200, 'On screen', UNICODE_GLYPHS);
  return summaryScreen(lines, 0, lines.length).map((l) => lineText(l).trimEnd());
}

/** The P50, P95 and P99 cells of a function's rows, one triple per table. */
function percentiles(lines: string[], name: string): string[][] {
  const header = lines.find((l) => l.startsWith('FUNCTION')) ?? '';
  const ends = ['P50 ms', 'P95 ms', 'P99 ms'].map((title) => header.indexOf(title) + title.length);
  return lines
    .filter((l) => l.startsWith(`${name} `))
    .map((l) => ends.map((end) => l.slice(end - 8, end).trim()));
}

describe('since-start percentiles', () => {
  it('are the exact nearest-rank values while a function has few durations, as on screen', () => {
    const lines = tables([
      row({ requestId: 'a', functionName: 'trl-pay', durationMs: 800 }),
      row({ requestId: 'b', functionName: 'trl-pay', durationMs: 2999.99 }),
    ]);
    expect(percentiles(lines, 'trl-pay')).toEqual([
      ['800', '3000', '3000'],
      ['800', '3000', '3000'],
    ]);
    expect(lines).toContain('Since start (every completed invocation)');
    expect(lines.join('\n')).not.toContain('within 1%');
  });

  it('keeps 2,048 durations per function exactly, then says its figures are sketched', () => {
    const tracker = createHealthTracker();
    for (let i = 1; i <= EXACT_DURATIONS; i++) tracker.add(row({ functionName: 'orders', durationMs: i }));
    expect(tracker.summary()[0]).toMatchObject({ p50Ms: 1024, p95Ms: 1946, p99Ms: 2028, approximate: false });
    tracker.add(row({ functionName: 'orders', durationMs: 801 }));
    const [sketched] = tracker.summary();
    expect(sketched?.approximate).toBe(true);
    // nearest rank 1025 of 2049 values is 1024; the sketch gives at most 1% above it
    expect(sketched?.p50Ms).toBeGreaterThanOrEqual(1024);
    expect(sketched?.p50Ms).toBeLessThanOrEqual(1024 * 1.01);
  });

  it('marks sketched figures with ~ and explains them in the title only then', () => {
    const tracker = createHealthTracker(200, 2);
    const lines = tables(
      [
        row({ requestId: 'a', functionName: 'orders', durationMs: 800 }),
        row({ requestId: 'b', functionName: 'orders', durationMs: 2999.99 }),
        row({ requestId: 'c', functionName: 'orders', durationMs: 1200 }),
        row({ requestId: 'd', functionName: 'billing', durationMs: 40 }),
      ],
      tracker,
    );
    expect(lines).toContain(
      'Since start (every completed invocation; ~ marks percentiles within 1%, past 2048 per function)',
    );
    const [onScreen, sinceStart] = percentiles(lines, 'orders');
    expect(onScreen).toEqual(['1200', '3000', '3000']);
    expect(sinceStart?.every((cell) => cell.startsWith('~'))).toBe(true);
    expect(percentiles(lines, 'billing')).toEqual([
      ['40.0', '40.0', '40.0'],
      ['40.0', '40.0', '40.0'],
    ]);
  });
});
