/**
 * JSON inputs whose events are not of CloudWatch's types, through the real CLI: a
 * subscription payload with a `null` message (a file, gzip, stdin) made `logs`, `cost` and
 * `ship` fail whole (exit 1); in `filter-log-events` documents such events vanished without
 * a word, so that `cost` priced one of two invocations for want of a REPORT whose
 * timestamp was text, and a document whose events had no timestamp read as empty; two
 * events given one ID were one. Now every event is kept and what was odd is said, by file
 * and count.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/live-cli.ts';

function lambdalens(args: string[], stdin?: string) {
  const run = spawnSync(process.execPath, [join(ROOT, 'bin', 'lambdalens.mjs'), ...args], {
    encoding: 'utf8',
    input: stdin,
    env: { PATH: process.env.PATH, TMPDIR: process.env.TMPDIR, HOME: '/nonexistent' },
    maxBuffer: 64 << 20,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const T = 1790854315662;
const RID = ['11111111-1111-1111-1111-111111111111', '22222222-2222-2222-2222-222222222222'] as const;
/** Two invocations: START, a line, END, REPORT each, as `[time offset, message]`. */
const LINES = RID.flatMap((rid, i) => [
  [4 * i, `START RequestId: ${rid} Version: $LATEST`],
  [4 * i + 1, `2026-10-01T10:00:0${i}.100Z\t${rid}\tINFO\thello ${i + 1}`],
  [4 * i + 2, `END RequestId: ${rid}`],
  [
    4 * i + 3,
    `REPORT RequestId: ${rid}\tDuration: ${12 + 10 * i}.34 ms\tBilled Duration: ${13 + 10 * i} ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB`,
  ],
]) as [number, string][];
const STREAM = '2026/10/01/[$LATEST]abc';
const SUMMARY = `lambdalens: 2 invocations (2 success) from 1 function, 0 cold starts, 2026-10-01T11:31:55.662Z → 2026-10-01T11:31:55.669Z`;
const PRICED = 'Lambda cost 2026-10-01..2026-10-01: $0.000001 — 2 of 2 invocations priced';
const COST = ['cost', '--arch', 'x86_64', '--region', 'us-east-1'];

/** A subscription payload of LINES, with the line after the first START's message `null`. */
const subNull = JSON.stringify({
  messageType: 'DATA_MESSAGE',
  owner: '123456789012',
  logGroup: '/aws/lambda/sub',
  logStream: STREAM,
  subscriptionFilters: ['f'],
  logEvents: LINES.map(([ms, message], i) => ({
    id: `10000000000000000000${i}`,
    timestamp: T + ms,
    message: i === 1 ? null : message,
  })),
});

/** `filter-log-events` output of LINES, each event replaced by the entries `change` gives. */
function filterLogEvents(change: (event: Record<string, unknown>, i: number) => unknown[]): string {
  return JSON.stringify(
    {
      events: LINES.flatMap(([ms, message], i) =>
        change(
          {
            logStreamName: STREAM,
            timestamp: T + ms,
            message: `${message}\n`,
            ingestionTime: T + ms + 1,
            eventId: `10000000000000000000${i}`,
          },
          i,
        ),
      ),
      searchedLogStreams: [],
    },
    null,
    4,
  );
}

/** Each invocation's request ID and the messages of its lines. */
const linesOf = (ndjson: string) =>
  ndjson
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { requestId: string; status: string; lines: { message: string }[] })
    .map((inv) => [inv.requestId, inv.status, inv.lines.map((line) => line.message.trimEnd())]);

const MESSAGES = LINES.map(([, message]) => message);
let dir: string;
const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lambdalens-odd-json-'));
});

describe('a subscription payload with a null message', () => {
  const note = (input: string) =>
    `lambdalens: warning: ${input}: 1 CloudWatch event had a message that is not text (null, a number, an object or an array): kept as JSON text`;

  it('logs: every event kept, from the file, its gzip and stdin, with the note naming the input', () => {
    const inputs: [string, string | undefined][] = [
      [file('sub-null.json', subNull), undefined],
      [file('sub-null.json.gz', gzipSync(subNull)), undefined],
      ['-', subNull],
    ];
    for (const [input, stdin] of inputs) {
      const run = lambdalens(['logs', '-o', 'ndjson', input], stdin);
      expect(run.code).toBe(0);
      expect(linesOf(run.stdout)).toEqual([
        [RID[0], 'success', [MESSAGES[0], 'null', ...MESSAGES.slice(2, 4)]],
        [RID[1], 'success', MESSAGES.slice(4)],
      ]);
      expect(run.stderr.trim().split('\n')).toEqual([note(input), SUMMARY]);
    }
  });

  it('cost prices both invocations; ship writes every line', () => {
    const input = file('sub-null-cost.json', subNull);
    const cost = lambdalens([...COST, input]);
    expect(cost.code).toBe(0);
    expect(cost.stdout.split('\n')[0]).toBe(PRICED);
    expect(cost.stderr.trim().split('\n')).toEqual([note(input)]);
    const out = join(dir, 'shipped.ndjson');
    const ship = lambdalens(['ship', '--to', out, input]);
    expect(ship.code).toBe(0);
    const docs = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { _source: { message?: string; lambdalens: { doc: string } } });
    expect(docs.filter((d) => d._source.lambdalens.doc === 'line').map((d) => d._source.message)).toEqual([
      MESSAGES[0],
      'null',
      ...MESSAGES.slice(2),
    ]);
    expect(docs.filter((d) => d._source.lambdalens.doc === 'invocation')).toHaveLength(2);
  });
});

describe('filter-log-events documents with events of odd types', () => {
  it('cost prices an invocation whose REPORT has its timestamp as text', () => {
    const input = file(
      'fle-strts.json',
      filterLogEvents((e, i) => [i === 7 ? { ...e, timestamp: String(e.timestamp) } : e]),
    );
    const cost = lambdalens([...COST, input]);
    expect(cost.code).toBe(0);
    expect(cost.stdout.split('\n')[0]).toBe(PRICED);
    expect(cost.stdout).not.toContain('not priced');
    expect(cost.stderr.trim().split('\n')).toEqual([
      `lambdalens: warning: ${input}: 1 CloudWatch event had a timestamp written as text: read as the time it writes`,
    ]);
  });

  it('reads events without a timestamp undated, and keeps messages that are not text', () => {
    const missing = file(
      'missing.json',
      filterLogEvents(({ message }) => [{ message }]),
    );
    const run = lambdalens(['logs', '-o', 'ndjson', missing]);
    expect(run.code).toBe(0);
    expect(linesOf(run.stdout)).toEqual([
      [RID[0], 'success', MESSAGES.slice(0, 4)],
      [RID[1], 'success', MESSAGES.slice(4)],
    ]);
    expect(run.stderr.trim().split('\n')).toEqual([
      `lambdalens: warning: ${missing}: 8 CloudWatch events had no timestamp that reads as a time (none, null, "NaN", …): kept undated, with the lines around them`,
      'lambdalens: 2 invocations (2 success) from 1 function, 0 cold starts, 2026-10-01T10:00:00.100Z → 2026-10-01T10:00:01.100Z',
    ]);
    const odd = [12345, null, { a: 1 }];
    const wrong = file(
      'wrongtypes.json',
      filterLogEvents((e, i) => [i === 1 || i === 5 || i === 6 ? { ...e, message: odd.shift() } : e]),
    );
    const typed = lambdalens(['logs', '-o', 'ndjson', wrong]);
    expect(typed.code).toBe(0);
    expect(linesOf(typed.stdout)).toEqual([
      [RID[0], 'success', [MESSAGES[0], '12345', ...MESSAGES.slice(2, 4)]],
      [RID[1], 'success', [MESSAGES[4], 'null', '{"a":1}', MESSAGES[7]]],
    ]);
    expect(typed.stderr.trim().split('\n')).toEqual([
      `lambdalens: warning: ${wrong}: 3 CloudWatch events had a message that is not text (null, a number, an object or an array): kept as JSON text`,
      SUMMARY,
    ]);
  });

  it('keeps an entry nested 100,000 arrays deep as a line, and names it', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const input = file(
      'deep-fle.json',
      filterLogEvents((e, i) => (i === 1 ? [e, '@@deep@@'] : [e])).replace('"@@deep@@"', deep),
    );
    const run = lambdalens(['logs', '-o', 'ndjson', input]);
    expect(run.code).toBe(0);
    expect(linesOf(run.stdout)).toEqual([
      [RID[0], 'success', MESSAGES.slice(0, 4)],
      [RID[1], 'success', MESSAGES.slice(4)],
    ]);
    // Kept outside the invocations: it names no stream.
    expect(run.stderr.trim().split('\n')).toEqual([
      'lambdalens: 1 line belongs to no invocation (see them with --output text)',
      `lambdalens: warning: ${input}: 1 entry where an event belongs was not a CloudWatch event (an object with a message or a timestamp): kept as a line of its JSON text, undated`,
      SUMMARY,
    ]);
  });

  it('keeps two events given one ID with different messages, and says so', () => {
    const input = file(
      'dupids.json',
      filterLogEvents((e, i) => (i === 1 ? [e, { ...e, message: 'DIFFERENT MESSAGE SAME ID\n' }] : [e])),
    );
    const run = lambdalens(['logs', '-o', 'ndjson', input]);
    expect(run.code).toBe(0);
    expect(linesOf(run.stdout)).toEqual([
      [RID[0], 'success', [MESSAGES[0], MESSAGES[1], 'DIFFERENT MESSAGE SAME ID', ...MESSAGES.slice(2, 4)]],
      [RID[1], 'success', MESSAGES.slice(4)],
    ]);
    expect(run.stderr.trim().split('\n')).toEqual([
      `lambdalens: kept 1 event(s) whose CloudWatch event ID an earlier event of the same stream and millisecond had with another message (one ID, two events: not a copy): 1 in ${input}`,
      SUMMARY,
    ]);
    const cost = lambdalens([...COST, input]);
    expect(cost.code).toBe(0);
    expect(cost.stdout.split('\n')[0]).toBe(PRICED);
  });
});
