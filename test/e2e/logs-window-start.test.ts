/**
 * `logs --function F --since S` where an invocation began before S: the window holds its
 * last lines, END and REPORT, not its START. What was read of it cannot show a success (its
 * error line may be before the window), so it is shown as read but `incomplete`, as one the
 * window's end cuts is, and the run says why; a failure its lines in the window show stays
 * that failure. Run as the user runs it, against the moto server.
 */
import { describe, expect, it } from 'vitest';
import { endpoint } from '../integration/aws/helpers.ts';
import { FAKE_AWS, runCli } from '../support/cli.ts';
import { invocationEvents, requestIdOf } from '../support/live-cli.ts';
import { windowCutting } from './window-cutting.ts';

const env = () => ({ ...FAKE_AWS, AWS_ENDPOINT_URL: endpoint() });

interface Printed {
  requestId: string;
  status: string;
  durationMs: number | null;
  lines: { message: string }[];
}

const ndjson = (stdout: string): Printed[] =>
  stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Printed);

describe('an invocation the start of a history window cuts', () => {
  it('is shown incomplete with what was read of it, and the run says it began before --since', async () => {
    const { name, t, cut, whole, failed, since, put } = await windowCutting('window-start', 7, 30);
    const spans = requestIdOf(4, 7);
    // `spans` began before the window and ends after it: cut at both ends.
    await put('s3', invocationEvents(spans, t - 100).slice(0, 1));
    await put('s3', [
      { timestamp: t + 20, message: `${new Date(t + 20).toISOString()}\t${spans}\tINFO\tstill going\n` },
      { timestamp: t + 5000, message: `END RequestId: ${spans}\n` },
    ]);
    const until = new Date(t + 2000).toISOString();

    const run = runCli(
      ['logs', '--function', name, '--since', since, '--until', until, '-o', 'ndjson'],
      env(),
    );
    expect(run.code).toBe(0);
    const printed = ndjson(run.stdout).map((p) => [p.requestId, p.status, p.durationMs, p.lines.length]);
    expect(printed.sort()).toEqual(
      [
        // Its REPORT's figures are kept; its START is not among its lines.
        [cut, 'incomplete', 2, 3],
        [whole, 'success', 2, 4],
        [failed, 'error', 512, 3],
        [spans, 'incomplete', null, 1],
      ].sort(),
    );
    expect(run.stderr.split('\n')).toEqual([
      `lambdalens: 4 invocations (1 success, 1 error, 2 incomplete) from 1 function, 0 cold starts, ${new Date(t + 1).toISOString()} → ${new Date(t + 1003).toISOString()}`,
      `lambdalens: 1 invocation had not ended by --until ${until}: shown as incomplete; its END and REPORT, if any, are after the window (a later --until shows them)`,
      `lambdalens: 3 invocations had started before --since ${since}: shown as incomplete unless their lines in the window show a failure; their START and first lines are before the window (an earlier --since shows them)`,
      '',
    ]);

    // The text output says the same on stderr, and shows the cut invocation incomplete.
    const text = runCli(['logs', '--function', name, '--since', since, '--until', until], env());
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`^\\S+  ${name}  ${cut}  … incomplete  2\\.00 ms`, 'm'));
    expect(text.stderr).toContain(`3 invocations had started before --since ${since}: `);

    // One invocation cut so: said in the singular.
    const one = runCli(
      [
        'logs',
        '--function',
        name,
        '--since',
        since,
        '--until',
        new Date(t + 5).toISOString(),
        '-o',
        'ndjson',
      ],
      env(),
    );
    expect(one.code).toBe(0);
    expect(ndjson(one.stdout).map((p) => [p.requestId, p.status])).toEqual([[cut, 'incomplete']]);
    expect(one.stderr.split('\n').at(-2)).toBe(
      `lambdalens: 1 invocation had started before --since ${since}: shown as incomplete unless its lines in the window show a failure; its START and first lines are before the window (an earlier --since shows them)`,
    );

    // A window that holds every START says nothing of the kind, and the invocations are whole.
    const wider = runCli(
      ['logs', '--function', name, '--since', new Date(t - 60_000).toISOString(), '-o', 'ndjson'],
      env(),
    );
    expect(wider.code).toBe(0);
    expect(wider.stderr).not.toContain('had started before');
    expect(
      ndjson(wider.stdout)
        .map((p) => [p.requestId, p.status])
        .sort(),
    ).toEqual(
      [
        [cut, 'success'],
        [whole, 'success'],
        [failed, 'error'],
        [spans, 'incomplete'],
      ].sort(),
    );

    // With a --filter-pattern no invocation's START need be read: nothing is taken as cut.
    const filtered = runCli(
      [
        'logs',
        '--function',
        name,
        '--since',
        since,
        '--until',
        until,
        '--filter-pattern',
        'REPORT',
        '-o',
        'ndjson',
      ],
      env(),
    );
    expect(filtered.code).toBe(0);
    expect(filtered.stderr).not.toContain('had started before');
    expect(
      ndjson(filtered.stdout)
        .map((p) => [p.requestId, p.status])
        .sort(),
    ).toEqual(
      [
        [cut, 'success'],
        [whole, 'success'],
        [failed, 'success'],
      ].sort(),
    );
  }, 60_000);
});
