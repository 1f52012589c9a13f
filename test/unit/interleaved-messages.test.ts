/**
 * A message read from a copy's line is what an invocation keeps of the line. With streams
 * interleaved line by line, invocations stay open across many lines, so what each message
 * holds alive is what the run carries: the message alone, not the prefix it was cut from.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { readLogEventBatches } from '../../collectors/files/read-inputs.ts';

setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;

const dir = mkdtempSync(join(tmpdir(), 'interleaved-messages-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('messages of streams interleaved line by line', () => {
  it('hold only themselves, not the line they were read from', async () => {
    // Two streams whose names are a kilobyte each (a long version label), alternating.
    const streams = ['a', 'b'].map(
      (c) => `2026/10/01/[${'v'.repeat(1000)}]f01e1eacc16cca7f87ecfa33500000${c}0`,
    );
    const lines = 20_000;
    let text = '';
    for (let n = 0; n < lines; n++) {
      const ms = String(n % 1000).padStart(3, '0');
      text += `2026-10-01T11:31:${String(Math.floor(n / 1000) % 60).padStart(2, '0')}.${ms}000+00:00 ${streams[n % 2]} the message of line ${n}\n`;
    }
    const file = join(dir, 'interleaved.log');
    writeFileSync(file, text);
    text = '';
    let messages: string[] | null = [];
    for await (const batch of readLogEventBatches([file], { functionName: 'orders' })) {
      for (const e of batch) messages.push(e.message);
    }
    expect(messages.length).toBe(lines);
    expect(messages.slice(0, 2)).toEqual(['the message of line 0', 'the message of line 1']);
    gc();
    const held = process.memoryUsage().heapUsed;
    messages = null;
    gc();
    const freed = held - process.memoryUsage().heapUsed;
    // Cut out of their lines, the messages held 20,000 lines of a kilobyte: over 20 MB.
    expect(freed).toBeLessThan(3_000_000);
  });
});
