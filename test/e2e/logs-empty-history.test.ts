/**
 * `logs --function F --since …` over a window of CloudWatch history that holds no event:
 * the run is a failure (exit 1), and its message says which window of which group was read,
 * and what to try (a wider window, following, a looser filter, another name or Region), run
 * as the user runs it against the moto server.
 */
import { describe, expect, it } from 'vitest';
import { createFunction, endpoint, functionWithInvocation, uniqueName } from '../integration/aws/helpers.ts';
import { FAKE_AWS, runCli } from '../support/cli.ts';

const env = () => ({ ...FAKE_AWS, AWS_ENDPOINT_URL: endpoint() });
const requestId = 'e0e0e0e0-0000-4000-8000-000000000001';

describe('logs over a window of CloudWatch history with no event in it', () => {
  it('names the window read and says to widen it, or to follow new events', async () => {
    const name = uniqueName('emptywin');
    // Its one invocation was logged a minute ago: a window ending two minutes ago holds nothing.
    const group = await functionWithInvocation(name, requestId);
    const since = new Date(Date.now() - 3_600_000).toISOString();
    const until = new Date(Date.now() - 120_000).toISOString();
    for (const output of ['text', 'ndjson']) {
      const r = runCli(['logs', '--function', name, '--since', since, '--until', until, '-o', output], env());
      expect([output, r.code, r.stdout]).toEqual([output, 1, '']);
      expect(r.stderr).toBe(
        `lambdalens: no log events in ${group} from ${since} to ${until}\n` +
          'hint: widen the window: an earlier --since (2h, 1d, an ISO time) or a later --until\n',
      );
    }

    // With no --until the window ends now, which following would go past.
    const recent = runCli(['logs', '--function', name, '--since', '10s'], env());
    expect(recent.code).toBe(1);
    expect(recent.stdout).toBe('');
    expect(recent.stderr).toMatch(
      new RegExp(
        `^lambdalens: no log events in ${group} from \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z to now\\n` +
          'hint: widen the window: an earlier --since \\(2h, 1d, an ISO time\\), or wait for new events with --follow\\n$',
      ),
    );

    // The invocation is in a wider window: the hint was right.
    const wider = runCli(['logs', '--function', name, '--since', since, '-o', 'ndjson'], env());
    expect(wider.code).toBe(0);
    expect(JSON.parse(wider.stdout).requestId).toBe(requestId);
  }, 60_000);

  it('says when a --filter-pattern matched nothing in the window', async () => {
    const name = uniqueName('emptyfilter');
    const group = await functionWithInvocation(name, requestId);
    const since = new Date(Date.now() - 3_600_000).toISOString();
    const until = new Date(Date.now() + 60_000).toISOString();
    const r = runCli(
      ['logs', '--function', name, '--since', since, '--until', until, '--filter-pattern', 'NoSuchWord'],
      env(),
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `lambdalens: no log events in ${group} from ${since} to ${until} match --filter-pattern "NoSuchWord"\n` +
        'hint: widen the window: an earlier --since (2h, 1d, an ISO time) or a later --until; or loosen --filter-pattern\n',
    );
  }, 60_000);

  it('a function that has never logged is said to have no log group yet, not to be misnamed', async () => {
    const name = uniqueName('neverlogged');
    await createFunction(name);
    const group = `/aws/lambda/${name}`;
    const r = runCli(['logs', '--function', name, '--since', '2h'], env());
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    // Said once, by the failure: not also as a closing note of the source.
    expect(r.stderr).toBe(
      `lambdalens: function ${name} has not logged yet: its log group ${group} does not exist in us-east-1 (Lambda creates it when the function first writes a log)\n` +
        'hint: invoke the function, or wait for its first logs with --follow\n',
    );
  }, 60_000);

  it('a log group that does not exist is named as such, once, with the Region read, by logs, tail and ship alike', async () => {
    const group = `/aws/lambda/${uniqueName('nogroup')}`;
    const missing =
      `lambdalens: log group ${group} does not exist in us-east-1: nothing to read\n` +
      "hint: check the name and the Region (--region, --profile); 'lambdalens functions' lists functions with their log groups\n";
    const r = runCli(['logs', '--log-group', group, '--since', '2h'], env());
    expect([r.code, r.stdout, r.stderr]).toEqual([1, '', missing]);
    const tail = runCli(
      ['tail', '--log-group', group, '--since', '2h', '--until', '1m', '--no-traces'],
      env(),
    );
    expect([tail.code, tail.stdout, tail.stderr]).toEqual([1, '', missing]);
    // ship says what it shipped first, then the same failure (it said "no log events in G").
    const ship = runCli(['ship', '--log-group', group, '--since', '2h', '--to', '-'], env());
    expect([ship.code, ship.stdout, ship.stderr]).toEqual([
      1,
      '',
      `lambdalens: 0 documents: 0 written, 0 already present, 0 dead-lettered, 0 re-sent, 0 not delivered\n${missing}`,
    ]);
  }, 60_000);
});
