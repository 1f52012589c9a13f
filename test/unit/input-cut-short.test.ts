/**
 * An input that fails part-way (a gzip cut short, a download stopped early) beside good
 * ones: what came before the cut is read, the run says how far, the request open at the
 * cut ends there instead of taking the next input's lines, and a cost report states which
 * inputs it lacks in whole or in part. Alone, such an input fails the run.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';

const STREAM = '2026/10/01/[$LATEST]0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const C = 'cccccccc-0000-4000-8000-000000000003';
const A = 'aaaaaaaa-0000-4000-8000-000000000001';
const B = 'bbbbbbbb-0000-4000-8000-000000000002';
const report = (id: string) =>
  `REPORT RequestId: ${id}\tDuration: 100.00 ms\tBilled Duration: 100 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB`;
/** `aws logs tail` lines: time, stream, message; one second apart from `second`. */
const tail = (second: number, messages: string[]) =>
  messages
    .map((m, i) => `2026-10-01T10:00:${String(second + i).padStart(2, '0')}.000000+00:00 ${STREAM} ${m}`)
    .join('\n');

const BEFORE_CUT = [
  `START RequestId: ${C} Version: $LATEST`,
  'done',
  `END RequestId: ${C}`,
  report(C),
  `START RequestId: ${A} Version: $LATEST`,
  'working on part 1',
  'working on part 2',
];
const NEXT = [
  'loading config',
  `START RequestId: ${B} Version: $LATEST`,
  'handling',
  `END RequestId: ${B}`,
  report(B),
];

let dir: string;
let cut: string;
let next: string;
const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lambdalens-cut-'));
  // A whole gzip member, then one cut off after its header: the text ends after BEFORE_CUT.
  cut = file(
    'fn.log.gz',
    Buffer.concat([gzipSync(`${tail(0, BEFORE_CUT)}\n`), gzipSync(`${tail(7, ['more'])}\n`).subarray(0, 10)]),
  );
  next = file('fn-2026-10-02.log', `${tail(20, NEXT)}\n`);
});

const CUT_MESSAGE =
  'read only in part, its first 7 events (to 2026-10-01T10:00:06.000Z): gzip data is corrupt (unexpected end of file)';

/** The closing line of a run that read its other inputs: it fails, naming the one it lacks. */
const ONE_NOT_WHOLE =
  'lambdalens: 1 of the 2 inputs could not be read whole (named above): the output lacks what it holds\n';

describe('an input cut short beside a good one', () => {
  it('logs: reads it up to the cut, says how far, and ends the request open there', () => {
    // Two threads: the shared stream makes the main thread read the second file on after the first.
    for (const workers of ['1', '2']) {
      const run = runCli(['logs', cut, next, '--workers', workers, '--output', 'ndjson'], {});
      // All that was read is printed, and the run fails: it lacks the rest of the cut input.
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`lambdalens: ${cut}: ${CUT_MESSAGE}\n`);
      expect(run.stderr).toContain(ONE_NOT_WHOLE);
      const invocations = run.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(
        invocations.map((i) => [i.requestId, i.status, i.lines.map((l: { message: string }) => l.message)]),
      ).toEqual([
        [C, 'success', BEFORE_CUT.slice(0, 4)],
        [A, 'incomplete', BEFORE_CUT.slice(4)],
        [B, 'success', NEXT],
      ]);
    }
  });

  it('cost: the report says in its headline and notes which input it has only in part, and up to where', () => {
    const args = ['cost', cut, next, '--arch', 'x86_64', '--region', 'us-east-1', '--workers', '1'];
    const table = runCli(args, {});
    expect(table.code).toBe(1);
    expect(table.stderr).toContain(ONE_NOT_WHOLE);
    expect(table.stdout).toMatch(
      /— 2 of 3 invocations priced \(1 not priced: see below\); 1 input not read\s+whole/,
    );
    expect(table.stdout.replace(/\n\s+/g, ' ')).toContain(
      `input read only in part: ${cut}: its first 7 events (to 2026-10-01T10:00:06.000Z), then gzip data is corrupt (unexpected end of file); what it holds after that is not in this report`,
    );
    const json = runCli([...args, '--output', 'json'], {});
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).inputsNotWhole).toEqual([
      {
        input: cut,
        error: 'gzip data is corrupt (unexpected end of file)',
        readInPart: { events: 7, lastTime: '2026-10-01T10:00:06.000Z' },
      },
    ]);
    const csv = runCli([...args, '--output', 'csv'], {});
    expect(csv.stdout.split('\n')).toContain(
      `${cut},${','.repeat(32)}input-read-in-part,"input read only in part: ${cut}: its first 7 events (to 2026-10-01T10:00:06.000Z), then gzip data is corrupt (unexpected end of file); what it holds after that is not in this report"`,
    );
  });

  it('cost: an input that could not be read at all is named in the report too', () => {
    const broken = file(
      'broken.gz',
      Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00]), Buffer.from('no')]),
    );
    const run = runCli(
      [
        'cost',
        broken,
        next,
        '--arch',
        'x86_64',
        '--region',
        'us-east-1',
        '--workers',
        '1',
        '--output',
        'json',
      ],
      {},
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(ONE_NOT_WHOLE);
    expect(JSON.parse(run.stdout).inputsNotWhole).toEqual([
      { input: broken, error: expect.stringMatching(/^gzip data is corrupt/), readInPart: null },
    ]);
  });

  it('a report of every input read whole has no such field', () => {
    const run = runCli(['cost', next, '--arch', 'x86_64', '--region', 'us-east-1', '--output', 'json'], {});
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).not.toHaveProperty('inputsNotWhole');
  });
});

describe('an input cut short on its own', () => {
  it('fails the run: cost writes no report from part of the data', () => {
    const run = runCli(['cost', cut, '--arch', 'x86_64', '--region', 'us-east-1'], {});
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`lambdalens: ${cut}: ${CUT_MESSAGE}\n`);
    expect(run.stderr).toContain('lambdalens: the input could be read only in part\n');
  });

  it('fails the run: logs prints what it read, then says the input was read only in part', () => {
    const run = runCli(['logs', cut, '--output', 'ndjson'], {});
    expect(run.code).toBe(1);
    expect(run.stdout.trim().split('\n')).toHaveLength(2);
    expect(run.stderr).toContain('lambdalens: the input could be read only in part\n');
  });
});
