/**
 * A START of another request while one is still open in its log stream, met where a user
 * meets it. Following CloudWatch (moto): an earlier request of the stream ingested late,
 * read by a later poll after the open request's START. Reading an `aws logs tail` copy:
 * the next request's START written before the open one's END and REPORT of the same
 * millisecond. Each invocation must be printed once, whole, when it is complete.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createFunction,
  createGroup,
  endpoint,
  logsClient,
  putEvents,
  uniqueName,
} from '../integration/aws/helpers.ts';
import { FAKE_AWS, runCli } from '../support/cli.ts';
import { asTailCopy, invocationEvents, type LiveCli, requestIdOf, startCli } from '../support/live-cli.ts';

/** An idle group is polled every 5 s at most; printing takes at most a second more (plus load). */
const FOLLOW_BOUND_MS = 5000 + 1000 + 3000;

let cli: LiveCli | null = null;
afterEach(() => {
  cli?.kill();
  cli = null;
});

interface Printed {
  requestId: string;
  status: string;
  lines: { message: string }[];
}

const printed = (run: LiveCli): Printed[] => run.stdout.map((l) => JSON.parse(l.text) as Printed);

describe('logs --follow: an earlier request of the stream ingested after the open one started', () => {
  it('prints the late one when it reports and the open one once, whole, when it reports', async () => {
    const name = uniqueName('follow-late');
    await createFunction(name);
    const group = `/aws/lambda/${name}`;
    const logs = logsClient();
    await createGroup(logs, group, ['s-main', 's-marker']);
    cli = startCli(['logs', '--function', name, '--follow', '--since', '2m', '-o', 'ndjson'], {
      ...FAKE_AWS,
      AWS_ENDPOINT_URL: endpoint(),
    });
    const run = cli;
    const [open, late, marker] = [requestIdOf(1, 77), requestIdOf(2, 77), requestIdOf(3, 77)];
    const t = Date.now();
    const openEvents = [
      { timestamp: t, message: `START RequestId: ${open} Version: $LATEST\n` },
      { timestamp: t + 1, message: `${new Date(t + 1).toISOString()}\t${open}\tINFO\tworking\n` },
      { timestamp: t + 1500, message: 'a print without a request ID\n' },
      { timestamp: t + 1600, message: `${new Date(t + 1600).toISOString()}\t${open}\tINFO\tdone\n` },
      { timestamp: t + 2000, message: `END RequestId: ${open}\n` },
      {
        timestamp: t + 2000,
        message: `REPORT RequestId: ${open}\tDuration: 1999.00 ms\tBilled Duration: 2000 ms\tMemory Size: 128 MB\tMax Memory Used: 41 MB\t\n`,
      },
    ];
    // The open request starts; a whole invocation in another stream, put after it, says
    // when a poll has read its START.
    await putEvents(logs, group, 's-main', openEvents.slice(0, 2));
    await putEvents(logs, group, 's-marker', invocationEvents(marker, t));
    await run.waitForLine((l) => l.includes(marker), 60_000);

    // The request that ran before it in the same environment, ingested only now: 10 s older.
    const lateEvents = invocationEvents(late, t - 10_000, 'earlier');
    await putEvents(logs, group, 's-main', lateEvents);
    const lateAt = Date.now();
    const lateLine = await run.waitForLine((l) => l.includes(late), 60_000);
    expect(lateLine.at - lateAt).toBeLessThan(FOLLOW_BOUND_MS + 60_000);
    // The open request is not over: nothing of it is printed yet.
    await new Promise((r) => setTimeout(r, 2000));
    expect(run.stdout.filter((l) => l.text.includes(open))).toEqual([]);

    await putEvents(logs, group, 's-main', openEvents.slice(2));
    const openAt = Date.now();
    const openLine = await run.waitForLine((l) => l.includes(open), 30_000);
    expect(openLine.at - openAt).toBeLessThan(FOLLOW_BOUND_MS);
    await new Promise((r) => setTimeout(r, 2000));
    run.child.kill('SIGINT');
    expect((await run.exited).code).toBe(0);

    const out = printed(run);
    expect(out.map((p) => [p.requestId, p.status])).toEqual([
      [marker, 'success'],
      [late, 'success'],
      [open, 'success'],
    ]);
    expect(out[1]?.lines.map((l) => l.message)).toEqual(lateEvents.map((e) => e.message.replace(/\n$/, '')));
    expect(out[2]?.lines.map((l) => l.message)).toEqual(openEvents.map((e) => e.message.replace(/\n$/, '')));
    const stderr = run.stderr.map((l) => l.text).join('\n');
    expect(stderr).toContain('lambdalens: 3 invocations (3 success) from 1 function');
  }, 180_000);
});

describe('logs on an `aws logs tail` copy: the next START before the open request’s END and REPORT', () => {
  it('prints each invocation once, whole, in order', () => {
    const stream = '2026/10/01/[$LATEST]0a1b2c3d4e5f60718293a4b5c6d7e8f9';
    const t = Date.UTC(2026, 9, 1, 8, 0, 0);
    const [first, second, third] = [requestIdOf(1, 88), requestIdOf(2, 88), requestIdOf(3, 88)];
    /** An invocation whose END, REPORT and the next START share the millisecond `t + 3`. */
    const invocation = (id: string, at: number) =>
      invocationEvents(id, at).map((e, i) => (i === 2 ? { ...e, timestamp: at + 3 } : e));
    const a = invocation(first, t);
    const b = invocation(second, t + 3);
    const c = invocation(third, t + 6);
    // That millisecond's events in the copy's own order: each START ahead of the END and REPORT before it.
    const events = [a[0], a[1], b[0], a[2], a[3], b[1], c[0], b[2], b[3], c[1], c[2], c[3]] as typeof a;
    const file = join(mkdtempSync(join(tmpdir(), 'tail-copy-')), 'orders.log');
    writeFileSync(file, asTailCopy(events, stream));
    const r = runCli(['logs', file, '-o', 'ndjson', '--function-name', 'orders'], {});
    expect(r.code).toBe(0);
    const out = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Printed);
    expect(out.map((p) => [p.requestId, p.status, p.lines.map((l) => l.message.split(' ')[0])])).toEqual([
      [first, 'success', ['START', expect.stringContaining(first), 'END', 'REPORT']],
      [second, 'success', ['START', expect.stringContaining(second), 'END', 'REPORT']],
      [third, 'success', ['START', expect.stringContaining(third), 'END', 'REPORT']],
    ]);
    expect(r.stderr).toContain('lambdalens: 3 invocations (3 success) from 1 function');
  });
});
