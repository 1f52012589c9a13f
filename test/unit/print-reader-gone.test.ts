/**
 * `logs` whose terminal is closed under it: the hang-up is a stop (see cli/stop.ts), and the
 * printing finishes rather than fail on its next write. What it read after the reader left
 * was not shown, and its closing lines say so; the summary counts what was read.
 */
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { printInvocations } from '../../cli/output/print-invocations.ts';
import type { LogEvent } from '../../collectors/model.ts';

const id = (n: number) => `00000000-2222-4222-8222-${String(n).padStart(12, '0')}`;

/** Invocation `n` of stream s, four events a millisecond apart. */
function invocation(n: number): LogEvent[] {
  const at = (k: number, message: string): LogEvent => ({
    timestamp: 1_790_000_000_000 + n * 10 + k,
    message,
    logGroup: '/aws/lambda/fn',
    logStream: 's',
  });
  return [
    at(0, `START RequestId: ${id(n)} Version: $LATEST`),
    at(1, `2026-09-21T14:13:20.001Z\t${id(n)}\tINFO\twork ${n}`),
    at(2, `END RequestId: ${id(n)}`),
    at(
      3,
      `REPORT RequestId: ${id(n)}\tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t`,
    ),
  ];
}

describe('logs on a terminal that is closed under it', () => {
  it('finishes, counts what it read, and says what was not shown', async () => {
    const shown: string[] = [];
    // A terminal that takes the first write, then is gone (EIO, as a hung-up terminal answers).
    const terminal = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        if (shown.length === 0) {
          shown.push(chunk.toString());
          callback();
        } else callback(Object.assign(new Error('write EIO'), { code: 'EIO' }));
      },
    });
    Object.assign(terminal, { isTTY: true });
    terminal.on('error', () => {});
    const err = new PassThrough();
    const said: string[] = [];
    err.on('data', (c: Buffer) => said.push(c.toString()));
    const summary = await printInvocations(
      (async function* () {
        for (let n = 0; n < 5; n++) {
          yield invocation(n);
          // A turn of the event loop between them: each is written on its own, at once.
          await new Promise((resolve) => setImmediate(resolve));
        }
      })(),
      { output: 'text', color: false, terminal: true, maxLines: 1_000, maxOpen: 10_000 },
      terminal,
      err,
    );
    expect(summary.invocations).toBe(5);
    expect(shown).toHaveLength(1);
    expect(shown[0]).toContain(id(0));
    expect(said.join('')).toContain(
      "lambdalens: the output's reader is gone (a closed pipe or terminal): what was read after it left was not shown\n",
    );
  });
});
