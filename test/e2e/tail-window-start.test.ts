/**
 * `tail --function F --since S --until U` piped (not a terminal: it prints what `logs`
 * prints) reads a window of history whole, as `logs` does: an invocation begun before S,
 * whose START the window lacks, is shown `incomplete` unless its lines show a failure, and
 * the run says how many began before --since. Without --until, tail follows, and a follower
 * takes no request as cut by its start (nor does `logs --follow`). Against the moto server.
 */
import { describe, expect, it } from 'vitest';
import { endpoint } from '../integration/aws/helpers.ts';
import { FAKE_AWS, runCli } from '../support/cli.ts';
import { windowCutting } from './window-cutting.ts';

const env = () => ({ ...FAKE_AWS, AWS_ENDPOINT_URL: endpoint() });

const statuses = (stdout: string): [string, string, number | null, number][] =>
  stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { requestId: string; status: string; durationMs: number | null; lines: [] })
    .map((p) => [p.requestId, p.status, p.durationMs, p.lines.length]);

describe('tail piped over a window of history whose start cuts an invocation', () => {
  it('shows it incomplete with what was read of it and says it began before --since, as logs does', async () => {
    // `cut` began at t; the window begins at t + 1, after its START.
    const { name, t, cut, whole, failed, since } = await windowCutting('tail-window-start', 8, 30);
    const until = new Date(t + 2000).toISOString();
    const window = ['--function', name, '--since', since, '--until', until, '--no-traces'];

    const tail = runCli(['tail', ...window, '-o', 'ndjson'], env());
    expect(tail.code).toBe(0);
    expect(statuses(tail.stdout).sort()).toEqual(
      [
        // Its REPORT's figures are kept; its START is not among its lines.
        [cut, 'incomplete', 2, 3],
        [whole, 'success', 2, 4],
        [failed, 'error', 512, 3],
      ].sort(),
    );
    expect(tail.stderr.split('\n')).toEqual([
      `lambdalens: 3 invocations (1 success, 1 error, 1 incomplete) from 1 function, 0 cold starts, ${new Date(t + 1).toISOString()} → ${new Date(t + 1003).toISOString()}`,
      `lambdalens: 2 invocations had started before --since ${since}: shown as incomplete unless their lines in the window show a failure; their START and first lines are before the window (an earlier --since shows them)`,
      '',
    ]);
    // What `logs` prints of the same window, byte for byte.
    const logsRun = runCli(['logs', ...window, '-o', 'ndjson'], env());
    expect([tail.stdout, tail.stderr]).toEqual([logsRun.stdout, logsRun.stderr]);

    // The text output shows the cut invocation incomplete too.
    const text = runCli(['tail', ...window], env());
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`^\\S+  ${name}  ${cut}  … incomplete  2\\.00 ms`, 'm'));

    // With a --filter-pattern no invocation's START need be read: nothing is taken as cut.
    const filtered = runCli(['tail', ...window, '--filter-pattern', 'REPORT', '-o', 'ndjson'], env());
    expect(filtered.code).toBe(0);
    expect(filtered.stderr).not.toContain('had started before');
    expect(statuses(filtered.stdout).map(([id, status]) => [id, status])).toEqual(
      expect.arrayContaining([
        [cut, 'success'],
        [failed, 'success'],
      ]),
    );
  }, 60_000);
});
