/**
 * `logs --function F --live` while Live Tail cannot open a session (the service answers
 * StartLiveTail with 503 ServiceUnavailableException): the invocations of the window before
 * the start and those written while it runs still come, read with FilterLogEvents, within
 * seconds; stderr says Live Tail cannot open; a stop prints each once and exits 0.
 *
 * moto cannot be made to fail StartLiveTail, so an HTTP proxy in front of it answers that
 * one call with the service's error; every other call reaches moto as it is.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  createFunction,
  createGroup,
  endpoint,
  logsClient,
  putEvents,
  uniqueName,
} from '../integration/aws/helpers.ts';
import { type FaultProxy, startFaultProxy } from '../services/fault-proxy.ts';
import { FAKE_AWS } from '../support/cli.ts';
import { invocationEvents, type LiveCli, requestIdOf, startCli } from '../support/live-cli.ts';

let cli: LiveCli | null = null;
let proxy: FaultProxy | null = null;
afterEach(async () => {
  cli?.kill();
  cli = null;
  await proxy?.close();
  proxy = null;
});

describe('logs --live while Live Tail is unavailable', () => {
  it('reads the window and new invocations by polling, says Live Tail cannot open, and stops cleanly', async () => {
    const name = uniqueName('live-down');
    await createFunction(name);
    const group = `/aws/lambda/${name}`;
    const logs = logsClient();
    await createGroup(logs, group, ['s1']);
    const before = requestIdOf(1, 8);
    await putEvents(logs, group, 's1', invocationEvents(before, Date.now() - 60_000));

    proxy = await startFaultProxy(endpoint());
    let refused = 0;
    proxy.intercept((req) => {
      if (!String(req.headers['x-amz-target'] ?? '').endsWith('.StartLiveTail')) return null;
      refused++;
      return {
        status: 503,
        headers: { 'content-type': 'application/x-amz-json-1.1' },
        body: JSON.stringify({ __type: 'ServiceUnavailableException', message: 'Live Tail is unavailable' }),
      };
    });
    cli = startCli(['logs', '--function', name, '--live', '-o', 'ndjson'], {
      ...FAKE_AWS,
      AWS_ENDPOINT_URL: proxy.url,
    });
    const run = cli;
    const started = Date.now();
    // The window before the start: it waited for a session that never opened.
    const first = await run.waitForLine((l) => l.includes(before), 20_000);
    expect(first.at - started).toBeLessThan(20_000);

    const during = requestIdOf(2, 8);
    const at = Date.now();
    await putEvents(logs, group, 's1', invocationEvents(during, at));
    const second = await run.waitForLine((l) => l.includes(during), 40_000);
    expect(second.at - at).toBeLessThan(40_000);

    run.child.kill('SIGINT');
    expect((await run.exited).code).toBe(0);
    expect(refused).toBeGreaterThan(0);
    expect(run.stdout.map((l) => (JSON.parse(l.text) as { requestId: string }).requestId)).toEqual([
      before,
      during,
    ]);
    const stderr = run.stderr.map((l) => l.text);
    expect(stderr).toContain(
      'lambdalens: Live Tail cannot open a session (logs:StartLiveTail failed: ServiceUnavailableException: Live Tail is unavailable): trying again; meanwhile new events are read with FilterLogEvents',
    );
    expect(stderr.at(-1)).toMatch(
      /^lambdalens: 2 invocations \(2 success\) from 1 function, 0 cold starts, /,
    );
  }, 120_000);
});
