/**
 * `logs --function F --since S --until U` where an invocation begins inside the window and
 * ends after it: it is shown as read (`incomplete`, its REPORT being past --until), and the
 * run says why, so an invocation cut by the window is not taken for one that failed to end.
 * Run as the user runs it, against the moto server.
 */
import { describe, expect, it } from 'vitest';
import {
  createFunction,
  createGroup,
  endpoint,
  logsClient,
  putEvents,
  uniqueName,
} from '../integration/aws/helpers.ts';
import { FAKE_AWS, runCli } from '../support/cli.ts';
import { invocationEvents, requestIdOf } from '../support/live-cli.ts';

const env = () => ({ ...FAKE_AWS, AWS_ENDPOINT_URL: endpoint() });

describe('an invocation the end of a history window cuts', () => {
  it('is shown incomplete, and the run says it ran past --until', async () => {
    const name = uniqueName('window-edge');
    await createFunction(name);
    const group = `/aws/lambda/${name}`;
    const logs = logsClient();
    await createGroup(logs, group, ['s1', 's2']);
    const t = Date.now() - 30 * 60_000;
    const [whole, cut] = [requestIdOf(1, 9), requestIdOf(2, 9)];
    await putEvents(logs, group, 's1', invocationEvents(whole, t));
    // Its START and first line are before --until, its END and REPORT after.
    await putEvents(logs, group, 's2', invocationEvents(cut, t + 1000));
    const since = new Date(t - 60_000).toISOString();
    const until = new Date(t + 1001).toISOString();

    const ndjson = runCli(
      ['logs', '--function', name, '--since', since, '--until', until, '-o', 'ndjson'],
      env(),
    );
    expect(ndjson.code).toBe(0);
    const printed = ndjson.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { requestId: string; status: string; lines: unknown[] });
    expect(printed.map((p) => [p.requestId, p.status, p.lines.length])).toEqual([
      [whole, 'success', 4],
      [cut, 'incomplete', 2],
    ]);
    const note = `lambdalens: 1 invocation had not ended by --until ${until}: shown as incomplete; its END and REPORT, if any, are after the window (a later --until shows them)`;
    expect(ndjson.stderr.split('\n')).toEqual([
      `lambdalens: 2 invocations (1 success, 1 incomplete) from 1 function, 0 cold starts, ${new Date(t).toISOString()} → ${until}`,
      note,
      '',
    ]);

    const text = runCli(['logs', '--function', name, '--since', since, '--until', until], env());
    expect(text.code).toBe(0);
    expect(text.stderr).toContain(`${note}\n`);

    // A window that holds the whole invocation says nothing of the kind.
    const wider = runCli(['logs', '--function', name, '--since', since, '-o', 'ndjson'], env());
    expect(wider.code).toBe(0);
    expect(wider.stderr).not.toContain('had not ended');
    expect(
      wider.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).status),
    ).toEqual(['success', 'success']);

    // A window that ends now, over an invocation still running: said as such.
    const running = requestIdOf(3, 9);
    await putEvents(logs, group, 's1', invocationEvents(running, Date.now() - 1000).slice(0, 2));
    const now = runCli(['logs', '--function', name, '--since', since, '-o', 'ndjson'], env());
    expect(now.code).toBe(0);
    expect(now.stderr.split('\n').at(-2)).toBe(
      'lambdalens: 1 invocation had not ended when read: shown as incomplete (still running, or its last lines not yet in CloudWatch)',
    );
  }, 60_000);
});
