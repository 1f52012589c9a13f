/** Ship's progress lines: documents given up on are not done, and a wait with nothing outstanding is not the target's. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createShipProgress } from '../../cli/output/ship-progress.ts';
import { emptyCounters, type ShipCounters } from '../../shippers/types.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('ship progress', () => {
  it('counts given-up documents apart, and says it waits on the target only while documents are outstanding', () => {
    vi.useFakeTimers();
    let now = 0;
    const lines: string[] = [];
    const progress = createShipProgress((t) => lines.push(t.trim()), {
      tty: false,
      clock: { now: () => now },
      intervalMs: 10_000,
      target: 'Elasticsearch',
    });
    const at = (ms: number, c: Partial<ShipCounters>) => {
      now += ms;
      progress.onProgress({ ...emptyCounters(), ...c });
    };
    const tick = () => {
      now += 10_000;
      vi.advanceTimersByTime(10_000);
      return lines.at(-1);
    };
    at(0, { received: 1_800, indexed: 1_400, pending: 400 });
    // Everything read is settled: the run waits for input, not for Elasticsearch.
    expect(tick()).toBe('lambdalens: 1,400 of 1,800 documents done (140 docs/s), 400 not delivered');
    at(0, { received: 2_000, indexed: 1_400, pending: 400 });
    expect(tick()).toBe(
      'lambdalens: 1,400 of 2,000 documents done (70 docs/s), 400 not delivered; waiting on Elasticsearch for 20 s',
    );
    progress.finish();
  });

  it('shows the control characters of what the cluster quotes back (a key of the logs), never sends them to the terminal', () => {
    const lines: string[] = [];
    const progress = createShipProgress((t) => lines.push(t), {
      tty: false,
      clock: { now: () => 0 },
      intervalMs: 10_000,
      target: 'Elasticsearch',
    });
    const key = '\u0000\u001b]0;PWNED\u0007\u001b[2J';
    progress.onEvent({
      kind: 'dead-lettered',
      count: 1,
      byType: { document_parsing_exception: 1 },
      example: `X1: Keys in [flattened] fields cannot contain the reserved character \\0. Offending key: [${key}]`,
      documents: [],
    });
    progress.onEvent({
      kind: 'retry',
      documents: 2,
      delayMs: 1_000,
      attempt: 1,
      cause: `503 ${key}`,
    } as never);
    progress.finish();
    const controls = [...lines.join('')].filter((c) => c !== '\n' && (c < ' ' || c === '\u007f'));
    expect(controls).toEqual([]);
    expect(lines[0]).toBe(
      'lambdalens: dead-lettered 1 documents (document_parsing_exception ×1); e.g. X1: Keys in [flattened] fields cannot contain the reserved character \\0. Offending key: [^@^[]0;PWNED^G^[[2J]\n',
    );
  });
});
