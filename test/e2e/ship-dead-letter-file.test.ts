/**
 * `ship --dead-letter-file` run again over the same input, against the real Elasticsearch:
 * the cluster refuses the same documents every time (an index template maps a field of the
 * application's JSON as a number, the lines carry a word there), and the file keeps each
 * refused document once, whatever the number of runs, and whatever a killed run left in it.
 */
import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { esUrl } from '../services/clients.ts';
import { runCliAsync as runCli } from '../support/cli.ts';
import { amountMappedAsNumber, count, useShipperEs } from '../support/shipper-es.ts';

const dir = mkdtempSync(join(tmpdir(), 'll-ship-dl-file-'));
const REQUEST_ID = '3e1b2c4d-5f60-4a7b-8c9d-0e1f2a3b4c5d';

/** One invocation of six lines; two of them carry a word where the template wants a number. */
function writeInput(path: string): void {
  const messages = [
    `START RequestId: ${REQUEST_ID} Version: $LATEST`,
    `2026-02-01T00:00:00.100Z\t${REQUEST_ID}\tINFO\t{"amount":"lots"}`,
    `2026-02-01T00:00:00.200Z\t${REQUEST_ID}\tINFO\t{"amount":12}`,
    `2026-02-01T00:00:00.300Z\t${REQUEST_ID}\tINFO\t{"amount":"many"}`,
    `END RequestId: ${REQUEST_ID}`,
    `REPORT RequestId: ${REQUEST_ID}\tDuration: 500.00 ms\tBilled Duration: 500 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB`,
  ];
  const events = messages.map((message, i) =>
    JSON.stringify({
      timestamp: Date.parse('2026-02-01T00:00:00Z') + i * 100,
      message,
      logGroupName: '/aws/lambda/amount-fn',
      logStreamName: '2026/02/01/[$LATEST]amount',
      eventId: String(i + 1).padStart(56, '4'),
    }),
  );
  writeFileSync(path, `${events.join('\n')}\n`);
}

const recordLines = (path: string) => readFileSync(path, 'utf8').split('\n').filter(Boolean);

describe('ship --dead-letter-file re-run (real CLI, real Elasticsearch)', { timeout: 120_000 }, () => {
  const es = useShipperEs();

  it('keeps each refused document once across re-runs, and says how many the file held already', async () => {
    const prefix = await es.fresh('cli-dl-rerun');
    const dropTemplate = await amountMappedAsNumber(es.client, prefix);
    try {
      const input = join(dir, 'amount.json');
      writeInput(input);
      const letters = join(dir, 'refused.ndjson');
      const ship = ['ship', input, '--to', esUrl(), '--index-prefix', prefix, '--dead-letter-file', letters];

      const first = await runCli(ship, {});
      expect(first.code, first.stderr).toBe(0);
      expect(first.stderr).toContain(
        'lambdalens: 7 documents: 5 written, 0 already present, 2 dead-lettered (2 added to the dead-letter file, 0 already in it), 0 re-sent, 0 not delivered\n',
      );
      const stored = recordLines(letters);
      expect(stored).toHaveLength(2);
      const held = stored.map((l) => JSON.parse(l));
      expect(held.map((r) => JSON.parse(r.event.original).lambdalens.json.amount).sort()).toEqual([
        'lots',
        'many',
      ]);
      expect(held.map((r) => r.lambdalens.dead_letter.target_index)).toEqual([
        `${prefix}-logs-2026.02.01`,
        `${prefix}-logs-2026.02.01`,
      ]);
      expect(held.map((r) => r.error.type)).toEqual([
        'document_parsing_exception',
        'document_parsing_exception',
      ]);
      const afterFirst = readFileSync(letters, 'utf8');

      const second = await runCli(ship, {});
      expect(second.code, second.stderr).toBe(0);
      expect(second.stderr).toContain(
        'lambdalens: 7 documents: 0 written, 5 already present, 2 dead-lettered (0 added to the dead-letter file, 2 already in it), 0 re-sent, 0 not delivered\n',
      );
      expect(readFileSync(letters, 'utf8')).toBe(afterFirst);

      // A run killed while appending left the second record cut short: it holds nothing
      // readable, so that document is written again, on a line of its own.
      const firstLine = `${stored[0]}\n`;
      truncateSync(letters, Buffer.byteLength(firstLine) + 40);
      const third = await runCli(ship, {});
      expect(third.code, third.stderr).toBe(0);
      expect(third.stderr).toContain('2 dead-lettered (1 added to the dead-letter file, 1 already in it)');
      const repaired = recordLines(letters);
      expect(repaired).toHaveLength(3);
      expect(repaired[0]).toBe(stored[0]);
      expect(repaired[1]).toBe(stored[1]!.slice(0, 40));
      expect(JSON.parse(repaired[2]!).lambdalens.dead_letter.doc_id).toBe(
        held[1].lambdalens.dead_letter.doc_id,
      );

      // The template above replaces the lambdalens one, aliases included: the indices are counted.
      expect(await count(es.client, `${prefix}-logs-*`)).toBe(4);
      expect(await count(es.client, `${prefix}-dead-letter`)).toBe(0);
    } finally {
      await dropTemplate();
    }
  });
});
