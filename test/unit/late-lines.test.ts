/**
 * Late lines of a request already printed, as `logs` shows them: gathered into one block per
 * request while they come together, and written as a text block or an NDJSON record.
 */
import { describe, expect, it } from 'vitest';
import { formatLateLinesText } from '../../cli/output/invocation-text.ts';
import { LateBlocksBehind, LateLineBlocks, lateLinesJson } from '../../cli/output/late-lines.ts';
import type { InvocationLine, LogEvent } from '../../collectors/model.ts';

const A = 'aaaaaaaa-0000-4000-8000-000000000001';
const B = 'bbbbbbbb-0000-4000-8000-000000000002';
const event = (logStream = 's-1'): LogEvent => ({
  timestamp: 0,
  message: '',
  logGroup: '/aws/lambda/orders',
  logStream,
});
const line = (message: string, level: InvocationLine['level'] = null): InvocationLine => ({
  timestamp: '2026-10-01T08:00:00.500Z',
  level,
  message,
});

describe('LateLineBlocks', () => {
  it('gathers the lines of one request that come together, and writes them once they stop', () => {
    const clock = { ms: 0 };
    const blocks = new LateLineBlocks(1000, null, () => clock.ms);
    expect(blocks.add(A, event(), line(`END RequestId: ${A}`))).toBeNull();
    clock.ms = 400;
    expect(blocks.add(A, event(), line(`REPORT RequestId: ${A}`))).toBeNull();
    clock.ms = 899;
    expect(blocks.settled(500)).toBeNull();
    clock.ms = 900;
    expect(blocks.settled(500)).toEqual({
      requestId: A,
      functionName: 'orders',
      logGroup: '/aws/lambda/orders',
      logStream: 's-1',
      lines: [line(`END RequestId: ${A}`), line(`REPORT RequestId: ${A}`)],
      droppedLines: 0,
    });
    expect(blocks.take()).toBeNull();
  });

  it('ends a block at a late line of another request, or of the same ID in another stream', () => {
    const blocks = new LateLineBlocks(1000, null, () => 0);
    blocks.add(A, event(), line('a1'));
    expect(blocks.add(B, event(), line('b1'))?.lines.map((l) => l.message)).toEqual(['a1']);
    expect(blocks.add(B, event('s-2'), line('b2'))?.lines.map((l) => l.message)).toEqual(['b1']);
    expect(blocks.take()?.lines.map((l) => l.message)).toEqual(['b2']);
  });

  it('keeps at most maxLines lines of a block and counts the rest; names the function as asked', () => {
    const blocks = new LateLineBlocks(2, 'given', () => 0);
    for (const m of ['1', '2', '3', '4']) blocks.add(A, { timestamp: 0, message: '' }, line(m));
    expect(blocks.take()).toMatchObject({
      functionName: 'given',
      logGroup: null,
      logStream: null,
      lines: [line('1'), line('2')],
      droppedLines: 2,
    });
  });

  it('keeps at most LATE_BLOCK_MAX_TEXT of text in a block and counts the lines past it', () => {
    const blocks = new LateLineBlocks(1000, null, () => 0);
    // Lines of 10 MiB: three fit in 32 MiB, the fourth does not, and none after it is kept.
    const long = (tag: string) => line(tag.padEnd(10 * 1024 * 1024, '.'));
    for (const tag of ['1', '2', '3', '4', '5']) blocks.add(A, event(), long(tag));
    blocks.add(A, event(), line('short'));
    const block = blocks.take();
    expect(block?.lines.map((l) => l.message.slice(0, 5))).toEqual(['1....', '2....', '3....']);
    expect(block?.droppedLines).toBe(3);
    // A new block keeps its own.
    blocks.add(B, event(), long('6'));
    expect(blocks.take()?.lines).toHaveLength(1);
  });
});

describe('a block of late lines, written', () => {
  const block = {
    requestId: A,
    functionName: 'orders',
    logGroup: '/aws/lambda/orders',
    logStream: 's-1',
    lines: [{ ...line('late\tone', 'ERROR'), eventId: '37' }, line('two')],
    droppedLines: 1,
  };

  it('as text: headed "late lines of" its request, its lines beneath as an invocation’s', () => {
    expect(formatLateLinesText(block, { color: false })).toBe(
      `2026-10-01T08:00:00.500Z  orders  late lines of ${A}\n  late\tone\n  two\n  … 1 more lines not kept\n\n`,
    );
    expect(formatLateLinesText(block, { color: true })).toBe(
      `\u001b[1m2026-10-01T08:00:00.500Z\u001b[0m  \u001b[36morders\u001b[0m  \u001b[33mlate lines of ${A}\u001b[0m\n` +
        `  \u001b[31mlate\tone\u001b[0m\n  two\n  \u001b[2m… 1 more lines not kept\u001b[0m\n\n`,
    );
  });

  it('as NDJSON: a record of type late-lines, its fields in a fixed order', () => {
    expect(lateLinesJson(block)).toBe(
      `{"type":"late-lines","requestId":"${A}","functionName":"orders","logGroup":"/aws/lambda/orders","logStream":"s-1",` +
        `"lines":[{"timestamp":"2026-10-01T08:00:00.500Z","level":"ERROR","message":"late\\tone","eventId":"37"},` +
        `{"timestamp":"2026-10-01T08:00:00.500Z","level":null,"message":"two"}],"droppedLines":1}\n`,
    );
  });
});

describe('LateBlocksBehind', () => {
  it('lets a block go once the invocations completed before it are written, in the order they came', () => {
    const behind = new LateBlocksBehind();
    behind.add(0, 'a\n');
    behind.add(2, 'b\n');
    behind.add(2, 'c\n');
    behind.add(3, 'd\n');
    expect(behind.due(0)).toBe('a\n');
    expect(behind.due(1)).toBe('');
    expect(behind.due(2)).toBe('b\nc\n');
    expect(behind.due(2)).toBe('');
    expect(behind.due(5)).toBe('d\n');
  });
});
