/**
 * Every follower of CloudWatch (moto) stops cleanly on every stop signal, watched from
 * outside: `logs --follow` on SIGTERM (systemd, `timeout`, `kill`), `tail --function` piped
 * on SIGTERM and SIGINT, `ship --function --follow` on SIGHUP. Each prints every finished
 * invocation once, the one still running as `incomplete`, its summary, and exits 0.
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
import { FAKE_AWS } from '../support/cli.ts';
import { invocationEvents, type LiveCli, requestIdOf, startCli } from '../support/live-cli.ts';

const FINISHED = 40;

let cli: LiveCli | null = null;
afterEach(() => {
  cli?.kill();
  cli = null;
});

/** A function whose group holds `FINISHED` finished invocations over two streams and one still running. */
async function functionWithOpenInvocation(
  prefix: number,
): Promise<{ name: string; finished: string[]; open: string }> {
  const name = uniqueName('live-signal');
  await createFunction(name);
  const group = `/aws/lambda/${name}`;
  const logs = logsClient();
  await createGroup(logs, group, ['s-a', 's-b']);
  const t = Date.now() - 20_000;
  const finished: string[] = [];
  for (const [s, stream] of ['s-a', 's-b'].entries()) {
    const events = [];
    for (let k = 0; k < FINISHED / 2; k++) {
      const id = requestIdOf(s * 1000 + k, prefix);
      finished.push(id);
      events.push(...invocationEvents(id, t + k * 10));
    }
    await putEvents(logs, group, stream, events);
  }
  const open = requestIdOf(9999, prefix);
  await putEvents(logs, group, 's-a', invocationEvents(open, t + 5000).slice(0, 2));
  return { name, finished, open };
}

const requestIds = (run: LiveCli, field: string) =>
  run.stdout
    .map((l) => JSON.parse(l.text) as Record<string, unknown>)
    .map((d) => {
      const source = d._source as Record<string, unknown> | undefined;
      return source
        ? ((source.faas as { execution?: string } | undefined)?.execution ?? '')
        : String(d[field]);
    });

describe('followers of CloudWatch stop cleanly on every signal (moto)', { timeout: 120_000 }, () => {
  const cases: { label: string; args: (name: string) => string[]; signal: NodeJS.Signals }[] = [
    {
      label: 'logs --follow, SIGTERM',
      args: (name) => ['logs', '--function', name, '--follow', '--since', '2m', '-o', 'ndjson'],
      signal: 'SIGTERM',
    },
    {
      label: 'tail --function piped, SIGTERM',
      args: (name) => ['tail', '--function', name, '--since', '2m', '-o', 'ndjson'],
      signal: 'SIGTERM',
    },
    {
      label: 'tail --function piped, SIGINT',
      args: (name) => ['tail', '--function', name, '--since', '2m', '-o', 'ndjson'],
      signal: 'SIGINT',
    },
  ];
  for (const [n, c] of cases.entries()) {
    it(`${c.label}: every finished invocation once, the open one as incomplete, the summary, exit 0`, async () => {
      const { name, finished, open } = await functionWithOpenInvocation(110 + n);
      cli = startCli(c.args(name), { ...FAKE_AWS, AWS_ENDPOINT_URL: endpoint() });
      const run = cli;
      // Evidence that everything finished was read and printed while running: the last one.
      for (const id of finished) await run.waitForLine((l) => l.includes(id), 60_000);
      expect(run.stdout.some((l) => l.text.includes(open))).toBe(false);
      run.child.kill(c.signal);
      const exit = await run.exited;
      expect(exit.code).toBe(0);
      const printed = requestIds(run, 'requestId');
      expect(printed.slice().sort()).toEqual([...finished, open].sort());
      const last = JSON.parse(run.stdout.at(-1)?.text ?? '{}') as { requestId: string; status: string };
      expect(last).toMatchObject({ requestId: open, status: 'incomplete' });
      expect(run.stderr.map((l) => l.text).join('\n')).toMatch(/41 invocations \(40 success, 1 incomplete\)/);
    });
  }

  it('logs --follow, SIGTERM while thousands are still being printed: what the summary counts is what was printed, each once', async () => {
    const name = uniqueName('live-signal-burst');
    await createFunction(name);
    const group = `/aws/lambda/${name}`;
    const logs = logsClient();
    const streams = ['s-1', 's-2', 's-3', 's-4'];
    await createGroup(logs, group, streams);
    const t = Date.now() - 60_000;
    for (const [s, stream] of streams.entries()) {
      const events = [];
      for (let k = 0; k < 1000; k++)
        events.push(...invocationEvents(requestIdOf(s * 10_000 + k, 118), t + k * 10));
      await putEvents(logs, group, stream, events);
    }
    cli = startCli(['logs', '--function', name, '--follow', '--since', '5m', '-o', 'ndjson'], {
      ...FAKE_AWS,
      AWS_ENDPOINT_URL: endpoint(),
    });
    const run = cli;
    // The stop lands while output is flowing: as soon as the first invocation is out.
    await run.waitForLine(() => true, 60_000);
    run.child.kill('SIGTERM');
    const exit = await run.exited;
    expect(exit.code).toBe(0);
    const printed = requestIds(run, 'requestId');
    expect(new Set(printed).size).toBe(printed.length);
    const summary = run.stderr.map((l) => l.text).find((l) => /^lambdalens: [\d,]+ invocations?/.test(l));
    expect(summary).toBeDefined();
    const counted = Number((summary as string).replace(/^lambdalens: ([\d,]+).*/, '$1').replaceAll(',', ''));
    expect(printed.length).toBe(counted);
    expect(counted).toBeGreaterThan(0);
  });

  it('ship --function --follow, SIGHUP: every document once, the open invocation shipped incomplete, exit 0', async () => {
    const { name, finished, open } = await functionWithOpenInvocation(119);
    cli = startCli(['ship', '--function', name, '--follow', '--since', '2m', '--to', '-'], {
      ...FAKE_AWS,
      AWS_ENDPOINT_URL: endpoint(),
    });
    const run = cli;
    for (const id of finished)
      await run.waitForLine((l) => l.includes(id) && l.includes('invocations'), 60_000);
    run.child.kill('SIGHUP');
    const exit = await run.exited;
    expect(exit.code).toBe(0);
    const docs = run.stdout.map(
      (l) => JSON.parse(l.text) as { _index: string; _source: Record<string, unknown> },
    );
    const invocations = docs.filter((d) => d._index.includes('invocations'));
    const ids = invocations.map((d) => (d._source.faas as { execution: string }).execution);
    expect(ids.slice().sort()).toEqual([...finished, open].sort());
    // 4 lines per finished invocation, 2 for the open one.
    expect(docs.length - invocations.length).toBe(FINISHED * 4 + 2);
    expect(run.stderr.map((l) => l.text).join('\n')).toMatch(/lambdalens: 203 documents: 203 written/);
  });

  it('ship --follow tells a missing log group on stderr while it runs, not only at the end', async () => {
    const group = `/aws/lambda/${uniqueName('live-signal-missing')}`;
    cli = startCli(['ship', '--log-group', group, '--follow', '--to', '-'], {
      ...FAKE_AWS,
      AWS_ENDPOINT_URL: endpoint(),
    });
    const run = cli;
    const note = `lambdalens: log group ${group} does not exist (yet)`;
    const giveUp = Date.now() + 30_000;
    while (!run.stderr.some((l) => l.text === note)) {
      expect(Date.now()).toBeLessThan(giveUp);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(run.running()).toBe(true);
    run.child.kill('SIGTERM');
    expect((await run.exited).code).toBe(0);
    expect(run.stdout).toEqual([]);
  });
});
