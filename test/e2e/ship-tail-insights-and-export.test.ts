/**
 * `ship` and `tail` (piped, and on the screen) over a function's full `filter-log-events`
 * export (no log group) and a Logs Insights CSV of its REPORT rows (`@log` naming the group
 * and the account) give the same result whichever is named first, as `logs` does: the
 * Insights rows are the copies dropped, and every event takes the group and account they
 * name. Read in the order given, the export first shipped 5,434 documents without either;
 * the Insights rows first shipped the REPORTs under the group, split from their invocations'
 * other lines, and tail showed 743 invocations with their REPORT read ahead of their START.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Invocation } from '../../collectors/model.ts';
import { runCli } from '../support/cli.ts';
import { EXAMPLE_LOGS } from '../support/example-copies.ts';
import { INSIGHTS_ACCOUNT, INSIGHTS_GROUP, writeInsightsExport } from '../support/insights-export.ts';
import { type LiveCli, startCli } from '../support/live-cli.ts';
import { ROOT, TAIL } from './tail-fixtures.ts';
import { openSession, type TmuxSession } from './tmux.ts';

const dir = mkdtempSync(join(tmpdir(), 'lambdalens-ship-tail-insights-'));
const orders = join(EXAMPLE_LOGS, 'orders-api.json');
const insights = writeInsightsExport(orders, dir);
const DROPPED = `lambdalens: dropped 743 duplicate event(s) already read (same CloudWatch event ID, or same stream, time and message): 743 in ${insights}\n`;

function run(args: string[]): { stdout: string; stderr: string } {
  const r = runCli(args, {}, { timeoutMs: 120_000 });
  expect(r.code, r.stderr).toBe(0);
  return r;
}

interface ShippedDocument {
  _index: string;
  _id: string;
  _version?: number;
  _source: {
    event: { ingested?: string; dataset: string };
    aws: { cloudwatch: { log_group?: string } };
    cloud: { account?: { id: string } };
  };
}

/** The documents `ship --to -` wrote, without the time each run stored them at. */
function documents(ndjson: string): ShippedDocument[] {
  return ndjson
    .trimEnd()
    .split('\n')
    .map((line) => {
      const doc = JSON.parse(line) as ShippedDocument;
      delete doc._source.event.ingested;
      return doc;
    });
}

const invocations = (ndjson: string) =>
  ndjson
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Invocation);

let session: TmuxSession | null = null;
let live: LiveCli | null = null;
afterEach(() => {
  session?.kill();
  session = null;
  live?.kill();
  live = null;
});

describe('ship and tail: an Insights export of the REPORTs beside the full export of the same function', () => {
  it('ship writes the same documents in either order, each with the group and account the rows name', () => {
    for (const workers of ['1', '2']) {
      const exportFirst = run(['ship', orders, insights, '--to', '-', '--workers', workers]);
      const insightsFirst = run(['ship', insights, orders, '--to', '-', '--workers', workers]);
      const shipped = documents(exportFirst.stdout);
      expect(documents(insightsFirst.stdout), `--workers ${workers}`).toEqual(shipped);
      expect(shipped).toHaveLength(5434);
      expect(shipped.filter((d) => d._source.event.dataset === 'lambdalens.invocation')).toHaveLength(745);
      for (const doc of shipped) {
        expect(doc._source.aws.cloudwatch.log_group, doc._id).toBe(INSIGHTS_GROUP);
        expect(doc._source.cloud.account?.id, doc._id).toBe(INSIGHTS_ACCOUNT);
      }
      for (const r of [exportFirst, insightsFirst]) {
        expect(r.stderr).toContain(DROPPED);
        expect(r.stderr).toContain(
          'lambdalens: 5434 documents: 5434 written, 0 already present, 0 dead-lettered, 0 re-sent, 0 not delivered\n',
        );
      }
    }
  });

  it('ship reads a folder holding both as the two files named one by one', () => {
    // In name order orders-api-insights.csv comes before orders-api.json.
    const both = join(dir, 'both');
    mkdirSync(both);
    copyFileSync(orders, join(both, 'orders-api.json'));
    copyFileSync(insights, join(both, 'orders-api-insights.csv'));
    const named = documents(run(['ship', orders, insights, '--to', '-']).stdout);
    const folder = run(['ship', both, '--to', '-']);
    expect(documents(folder.stdout)).toEqual(named);
    expect(folder.stderr).toContain(
      `lambdalens: dropped 743 duplicate event(s) already read (same CloudWatch event ID, or same stream, time and message): 743 in ${join(both, 'orders-api-insights.csv')}\n`,
    );
  });

  it('tail piped prints what logs prints, in either order', () => {
    const logs = run(['logs', orders, insights, '-o', 'ndjson']).stdout;
    expect(new Set(invocations(logs).map((i) => `${i.logGroup} ${i.accountId}`))).toEqual(
      new Set([`${INSIGHTS_GROUP} ${INSIGHTS_ACCOUNT}`]),
    );
    for (const inputs of [
      [orders, insights],
      [insights, orders],
    ]) {
      const tail = run(['tail', ...inputs, '-o', 'ndjson', '--region', 'us-east-1']);
      expect(tail.stdout, inputs.join(' ')).toBe(logs);
      expect(tail.stderr).toContain(DROPPED);
    }
  });

  it('tail on the screen shows the same invocations in either order, those logs prints', async () => {
    const logs = invocations(run(['logs', orders, insights, '-o', 'ndjson']).stdout);
    const exported: string[] = [];
    for (const [name, inputs] of [
      ['export-first', [orders, insights]],
      ['insights-first', [insights, orders]],
    ] as const) {
      session = openSession(`${TAIL} ${inputs.join(' ')}`, ROOT);
      const tty = session;
      await tty.waitFor((s) => s.includes('input ended'), 60_000);
      // Every invocation the screen holds, as NDJSON, to compare what it shows.
      tty.keys('E');
      await tty.waitFor((s) => s.includes('export to'));
      const out = join(dir, `${name}.ndjson`);
      tty.type(out);
      tty.keys('Enter');
      await tty.waitFor((s) => s.includes(`exported 745 invocation(s) to ${out} (ndjson)`));
      tty.kill();
      session = null;
      exported.push(readFileSync(out, 'utf8'));
    }
    expect(exported[1]).toBe(exported[0]);
    // The screen lists them by time across streams; logs, stream by stream: the same invocations.
    const byId = (list: Invocation[]) => new Map(list.map((i) => [i.requestId, i]));
    expect(byId(invocations(exported[0] ?? ''))).toEqual(byId(logs));
  }, 180_000);

  it('an export named before a live stdin is read while stdin stays open, not held back behind it', async () => {
    // stdin is a pipe this test never ends, as `sam local start-api 2>&1 |` never does.
    live = startCli(['tail', insights, '-', '-o', 'ndjson', '--region', 'us-east-1']);
    const cli = live;
    let shown = 0;
    await cli.waitForLine(() => ++shown === 743, 60_000);
    expect(cli.running()).toBe(true);
    const rows = cli.stdout.map((line) => JSON.parse(line.text) as Invocation);
    // A REPORT row alone is an invocation that ended; its group and account are the row's.
    expect(new Set(rows.map((i) => `${i.logGroup} ${i.accountId} ${i.status}`))).toEqual(
      new Set([`${INSIGHTS_GROUP} ${INSIGHTS_ACCOUNT} success`]),
    );
    // Stopped as a user stops it: an answer (exit 0), with what was read.
    cli.child.kill('SIGINT');
    expect((await cli.exited).code).toBe(0);
  }, 90_000);
});
