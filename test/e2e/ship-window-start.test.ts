/**
 * `lambdalens ship --function F --since S`, with and without `--follow`, where an invocation
 * began before S: the window (a follower's first window, from S to when following began)
 * is read whole, so a request whose lines are in it and whose START is not began before S.
 * What was read of it cannot show a success (its error line may be before the window): its
 * invocation document is stored `incomplete` (outcome unknown) with its REPORT's figures, as
 * `logs` shows it, and a failure its lines show stays that failure. Shipped again with an
 * earlier --since, the whole request replaces it (its completeness version is higher). Real
 * CLI, moto and the real Elasticsearch.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { endpoint } from '../integration/aws/helpers.ts';
import { esUrl } from '../services/clients.ts';
import { FAKE_AWS, runCli } from '../support/cli.ts';
import { invocationEvents, type LiveCli, requestIdOf, startCli } from '../support/live-cli.ts';
import { count, search, useShipperEs } from '../support/shipper-es.ts';
import { windowCutting } from './window-cutting.ts';

let cli: LiveCli | null = null;
afterEach(() => {
  cli?.kill();
  cli = null;
});

interface InvocationDoc {
  faas: { execution: string };
  event: { outcome: string };
  lambdalens: {
    invocation: { status: string; line_count: number; billed_duration_ms: number | null };
  };
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const env = () => ({ ...FAKE_AWS, AWS_ENDPOINT_URL: endpoint() });

describe('ship: an invocation begun before --since, its lines in the window (real CLI, moto, real Elasticsearch)', () => {
  const es = useShipperEs();
  const shipTo = (prefix: string) => ['--to', esUrl(), '--index-prefix', prefix];

  /** Each invocation document as [request, status, outcome, billed ms, line count], by request. */
  async function invocations(prefix: string) {
    const docs = await search<InvocationDoc>(es.client, `${prefix}-invocations`, {
      size: 100,
      sort: [{ 'faas.execution': 'asc' }],
    });
    return docs.map((d) => [
      d.faas.execution,
      d.lambdalens.invocation.status,
      d.event.outcome,
      d.lambdalens.invocation.billed_duration_ms,
      d.lambdalens.invocation.line_count,
    ]);
  }

  it('ship --follow --since S stores it incomplete with its REPORT figures; a request first seen later is stored as read', async () => {
    const prefix = await es.fresh('ship-follow-window-start');
    const w = await windowCutting('ship-follow-window-start', 12);
    cli = startCli(['ship', '--function', w.name, '--follow', '--since', w.since, ...shipTo(prefix)], env());
    const run = cli;
    const waitInvocations = async (n: number) => {
      const giveUp = Date.now() + 60_000;
      while ((await count(es.client, `${prefix}-invocations`)) !== n) {
        expect(run.running()).toBe(true);
        if (Date.now() > giveUp)
          throw new Error(`not ${n} invocations; stderr:\n${run.stderr.map((l) => l.text).join('\n')}`);
        await pause(200);
      }
    };
    await waitInvocations(3);
    // After following began: a request whose START is not among what was read is not taken
    // as begun before --since (only the first window is read whole from --since).
    const after = requestIdOf(4, 12);
    await w.put('s3', invocationEvents(after, Date.now()).slice(1));
    await waitInvocations(4);
    run.child.kill('SIGINT');
    expect((await run.exited).code).toBe(0);

    // As logs --follow says it once stopped: the two requests of the first window that had begun before it.
    expect(run.stderr.map((l) => l.text)).toEqual([
      'lambdalens: 17 documents: 17 written, 0 already present, 0 dead-lettered, 0 re-sent, 0 not delivered',
      `lambdalens: 2 invocations had started before --since ${w.since}: shown as incomplete unless their lines in the window show a failure; their START and first lines are before the window (an earlier --since shows them)`,
    ]);
    expect(await invocations(prefix)).toEqual([
      // Its REPORT's figures are kept; its START is not among its lines.
      [w.cut, 'incomplete', 'unknown', 2, 3],
      [w.whole, 'success', 'success', 2, 4],
      [w.failed, 'error', 'failure', 512, 3],
      [after, 'success', 'success', 2, 3],
    ]);
  }, 180_000);

  it('ship --since S stores it incomplete; shipped again from before its START, the whole request replaces it', async () => {
    const prefix = await es.fresh('ship-window-start');
    const w = await windowCutting('ship-window-start', 12);
    const first = runCli(['ship', '--function', w.name, '--since', w.since, ...shipTo(prefix)], env());
    expect(first.code).toBe(0);
    expect(first.stderr).toContain(
      'lambdalens: 13 documents: 13 written, 0 already present, 0 dead-lettered, 0 re-sent, 0 not delivered\n',
    );
    expect(await invocations(prefix)).toEqual([
      [w.cut, 'incomplete', 'unknown', 2, 3],
      [w.whole, 'success', 'success', 2, 4],
      [w.failed, 'error', 'failure', 512, 3],
    ]);

    // Both STARTs are in this window: the two requests are read whole and replace what was stored.
    const earlier = new Date(w.t - 1000).toISOString();
    const again = runCli(['ship', '--function', w.name, '--since', earlier, ...shipTo(prefix)], env());
    expect(again.code).toBe(0);
    // The two invocation documents are replaced, the third already there; the line documents
    // written are the two STARTs, each other line (each stream's first in the first window
    // too) already there.
    expect(again.stderr).toContain(
      'lambdalens: 15 documents: 2 written, 2 replaced by a more complete version, 11 already present, 0 dead-lettered, 0 re-sent, 0 not delivered\n',
    );
    expect(await invocations(prefix)).toEqual([
      [w.cut, 'success', 'success', 2, 4],
      [w.whole, 'success', 'success', 2, 4],
      [w.failed, 'error', 'failure', 512, 4],
    ]);
  }, 180_000);

  it('ship --since S --until U says on stderr, as logs does, how many invocations each end of the window cut', async () => {
    const prefix = await es.fresh('ship-window-cut-notes');
    const w = await windowCutting('ship-window-cut-notes', 12);
    // `spans` began before the window and ends after it: cut at both ends.
    const spans = requestIdOf(4, 12);
    await w.put('s3', [
      ...invocationEvents(spans, w.t - 100).slice(0, 1),
      { timestamp: w.t + 20, message: `${new Date(w.t + 20).toISOString()}\t${spans}\tINFO\tstill going\n` },
      { timestamp: w.t + 5000, message: `END RequestId: ${spans}\n` },
    ]);
    const until = new Date(w.t + 2000).toISOString();
    const window = ['--function', w.name, '--since', w.since, '--until', until];
    const shipped = runCli(['ship', ...window, ...shipTo(prefix)], env());
    expect(shipped.code).toBe(0);
    const startNote = `lambdalens: 3 invocations had started before --since ${w.since}: shown as incomplete unless their lines in the window show a failure; their START and first lines are before the window (an earlier --since shows them)`;
    const endNote = `lambdalens: 1 invocation had not ended by --until ${until}: shown as incomplete; its END and REPORT, if any, are after the window (a later --until shows them)`;
    expect(shipped.stderr.split('\n')).toEqual([
      'lambdalens: 15 documents: 15 written, 0 already present, 0 dead-lettered, 0 re-sent, 0 not delivered',
      endNote,
      startNote,
      '',
    ]);
    expect(await invocations(prefix)).toEqual([
      [w.cut, 'incomplete', 'unknown', 2, 3],
      [w.whole, 'success', 'success', 2, 4],
      [w.failed, 'error', 'failure', 512, 3],
      [spans, 'incomplete', 'unknown', null, 1],
    ]);
    // logs over the same window says the same two lines.
    const printed = runCli(['logs', ...window, '-o', 'ndjson'], env());
    expect(printed.code).toBe(0);
    expect(printed.stderr.split('\n').slice(1)).toEqual([endNote, startNote, '']);

    // One cut so: said in the singular, as logs says it.
    const one = await es.fresh('ship-window-cut-note');
    const short = ['--function', w.name, '--since', w.since, '--until', new Date(w.t + 5).toISOString()];
    const shippedOne = runCli(['ship', ...short, ...shipTo(one)], env());
    expect(shippedOne.code).toBe(0);
    expect(shippedOne.stderr.split('\n')).toEqual([
      'lambdalens: 4 documents: 4 written, 0 already present, 0 dead-lettered, 0 re-sent, 0 not delivered',
      `lambdalens: 1 invocation had started before --since ${w.since}: shown as incomplete unless its lines in the window show a failure; its START and first lines are before the window (an earlier --since shows them)`,
      '',
    ]);
  }, 180_000);

  it('ship --since S over a window that holds only a REPORT stores its request incomplete, as logs shows it', async () => {
    const prefix = await es.fresh('ship-window-report-only');
    const w = await windowCutting('ship-window-report-only', 12);
    // The window begins after the last request's END: all it holds is that request's REPORT.
    const since = new Date(w.t + 1003).toISOString();
    const shipped = runCli(['ship', '--function', w.name, '--since', since, ...shipTo(prefix)], env());
    expect(shipped.code).toBe(0);
    expect(shipped.stderr).toContain(
      'lambdalens: 2 documents: 2 written, 0 already present, 0 dead-lettered, 0 re-sent, 0 not delivered\n',
    );
    expect(await invocations(prefix)).toEqual([[w.whole, 'incomplete', 'unknown', 2, 1]]);
    const printed = runCli(['logs', '--function', w.name, '--since', since, '-o', 'ndjson'], env());
    expect(printed.code).toBe(0);
    const [only] = printed.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { requestId: string; status: string });
    expect([only?.requestId, only?.status]).toEqual([w.whole, 'incomplete']);
  }, 180_000);
});
