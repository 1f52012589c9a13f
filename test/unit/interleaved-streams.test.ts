/**
 * A busy function's `aws logs tail` shows its streams interleaved line by line. Lines are
 * attributed within their stream, so the copy must give the same invocations as one with
 * the same lines grouped stream by stream, whatever the reader remembers of each stream.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCorrelator } from '../../collectors/correlator/correlator.ts';
import { readLogEvents } from '../../collectors/files/read-inputs.ts';
import type { Invocation } from '../../collectors/model.ts';
import { generateExamples } from '../../examples/generate.ts';

interface CopiedEvent {
  timestamp: number;
  logStreamName: string;
  message: string;
}

/** The orders-api example: 4,689 events of 14 streams, text and JSON lines, cold starts. */
function exampleEvents(): CopiedEvent[] {
  const content = generateExamples().files.get('logs/orders-api.json') as string;
  return (JSON.parse(content) as { events: CopiedEvent[] }).events;
}

/** One event as `aws logs tail` prints it: time, stream, message. */
function tailLine(e: CopiedEvent): string {
  const time = new Date(e.timestamp).toISOString().replace('Z', '000+00:00');
  return `${time} ${e.logStreamName} ${e.message.replace(/\n$/, '')}\n`;
}

/** Copies of the example dealt out: how many streams alternate. */
const COPIES = 12;
const UUID_TAIL = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-)[0-9a-f]{12}/g;
const STREAM_TAIL = /(\][0-9a-f]{26})[0-9a-f]{6}/g;

/**
 * Copies of the example, each with its own request IDs and streams, at the same times: one
 * event of each copy after the other, as a busy function's tail shows its streams.
 */
function interleavedCopies(events: CopiedEvent[]): CopiedEvent[] {
  const out: CopiedEvent[] = [];
  for (const e of events) {
    for (let copy = 0; copy < COPIES; copy++) {
      const tag = copy.toString(16).padStart(6, '0');
      out.push({
        timestamp: e.timestamp,
        logStreamName: e.logStreamName.replace(STREAM_TAIL, `$1${tag}`),
        message: e.message.replace(UUID_TAIL, `$1${tag}${tag}`),
      });
    }
  }
  return out;
}

/** The same events with each stream's lines together, in their order. */
function groupedByStream(events: CopiedEvent[]): CopiedEvent[] {
  const byStream = new Map<string, CopiedEvent[]>();
  for (const e of events) {
    const list = byStream.get(e.logStreamName) ?? [];
    list.push(e);
    byStream.set(e.logStreamName, list);
  }
  return [...byStream.values()].flat();
}

let dir: string;

async function invocationsOf(name: string, events: CopiedEvent[]): Promise<Invocation[]> {
  const path = join(dir, name);
  writeFileSync(path, events.map(tailLine).join(''));
  const correlator = createCorrelator({ functionName: 'orders-api' });
  const out: Invocation[] = [];
  for await (const e of readLogEvents([path], { functionName: 'orders-api' })) {
    out.push(...correlator.push(e).completed);
  }
  out.push(...correlator.flush());
  return out;
}

/** Invocations in an order that does not depend on the order their streams' lines came in. */
function byRequest(invocations: Invocation[]): string[] {
  return invocations.map((i) => JSON.stringify(i)).sort();
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lambdalens-interleaved-'));
});

describe('streams interleaved line by line', () => {
  it('give the same invocations as the same lines grouped by stream', async () => {
    const mixed = interleavedCopies(exampleEvents());
    const apart = groupedByStream(mixed);
    expect(new Set(mixed.map((e) => e.logStreamName)).size).toBe(14 * COPIES);
    const fromMixed = await invocationsOf('interleaved.log', mixed);
    const fromApart = await invocationsOf('grouped.log', apart);
    expect(fromMixed).toHaveLength(745 * COPIES);
    expect(byRequest(fromMixed)).toEqual(byRequest(fromApart));
    // Every line's stream and time came from its prefix, whichever stream came before it.
    expect(new Set(fromMixed.map((i) => i.logStream)).size).toBe(14 * COPIES);
    expect(fromMixed.filter((i) => i.coldStart)).toHaveLength(14 * COPIES);
    expect(fromMixed.reduce((n, i) => n + i.lines.length, 0)).toBe(4689 * COPIES);
  });
});
