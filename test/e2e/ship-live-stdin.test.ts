/**
 * `lambdalens ship -` on a pipe that stays open, against the real Elasticsearch: each
 * invocation is searchable while the pipe is still open (not after 10,000 documents or the
 * end of input), and closing the pipe ends the run with nothing lost and nothing twice.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { esUrl } from '../services/clients.ts';
import { invocationEvents, type LiveCli, requestIdOf, startCli } from '../support/live-cli.ts';
import { count, useShipperEs } from '../support/shipper-es.ts';

const text = (events: { message: string }[]) => events.map((e) => e.message).join('');

let cli: LiveCli | null = null;
afterEach(() => {
  cli?.kill();
  cli = null;
});

describe('ship - on a pipe that stays open (real CLI, real Elasticsearch)', { timeout: 120_000 }, () => {
  const es = useShipperEs();

  /** Polls the cluster until the invocation is stored, failing if the CLI ends first. */
  async function waitStored(prefix: string, requestId: string, run: LiveCli): Promise<void> {
    const query = { term: { 'faas.execution': requestId } };
    const giveUp = Date.now() + 30_000;
    for (;;) {
      if ((await count(es.client, `${prefix}-invocations`, query)) === 1) return;
      expect(run.running()).toBe(true);
      if (Date.now() > giveUp)
        throw new Error(`${requestId} not stored; stderr:\n${run.stderr.map((l) => l.text).join('\n')}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  it('stores each invocation while stdin is still open, then ends with every document once', async () => {
    const prefix = await es.fresh('ship-live-stdin');
    cli = startCli(['ship', '-', '--to', esUrl(), '--index-prefix', prefix, '--function-name', 'live-fn']);
    const run = cli;
    for (let k = 0; k < 3; k++) {
      const id = requestIdOf(k, 11);
      run.child.stdin.write(text(invocationEvents(id, Date.now(), `shipping ${k}`)));
      // Nothing more is written until the document is in the cluster: only a batch handed
      // out on time can get it there.
      await waitStored(prefix, id, run);
      expect(await count(es.client, `${prefix}-logs`, { term: { 'faas.execution': id } })).toBe(4);
    }
    expect(run.running()).toBe(true);
    run.child.stdin.end();
    const exit = await run.exited;
    expect(exit.code).toBe(0);
    // Each invocation went out once, complete: no earlier partial version rewritten later.
    expect(run.stderr.map((l) => l.text)).toContain(
      'lambdalens: 15 documents: 15 written, 0 already present, 0 dead-lettered, 0 re-sent, 0 not delivered',
    );
    expect(await count(es.client, `${prefix}-invocations`)).toBe(3);
    expect(await count(es.client, `${prefix}-logs`)).toBe(12);
  });
});
