/**
 * A line over the 1 MiB parse limit (a file's, CloudWatch caps events at 1 MB) is stored as
 * any line is, whole up to the document limit, but with the time, level and request ID its
 * head states: unparsed, it was stored undated-marked at the time of the line before it, with
 * no level, and outside its invocation's START and END with no request at all.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { esUrl } from '../services/clients.ts';
import { runCliAsync as runCli } from '../support/cli.ts';
import { search, useShipperEs } from '../support/shipper-es.ts';

const dir = mkdtempSync(join(tmpdir(), 'll-long-lines-'));
const A = 'aaaaaaaa-1111-2222-3333-444444444444';
const B = 'bbbbbbbb-1111-2222-3333-444444444444';
const LONG = 1.5 * 1024 * 1024;
const TEXT_LINE = `2026-03-02T12:00:00.200Z\t${A}\tERROR\tpayload ${'x'.repeat(LONG)}`;
// Request B has no START in the copy: only its own ID can tell the line is B's.
const JSON_LINE = JSON.stringify({
  timestamp: '2026-03-02T12:00:00.300Z',
  level: 'WARN',
  requestId: B,
  message: 'y'.repeat(LONG),
});
const COPY = [
  `2026-03-02T12:00:00.100Z\t${A}\tINFO\tbefore`,
  TEXT_LINE,
  `REPORT RequestId: ${A}\tDuration: 48.10 ms\tBilled Duration: 49 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t`,
  JSON_LINE,
].join('\n');

interface LineDoc {
  '@timestamp'?: string;
  message: string;
  log?: { level?: string };
  faas?: { execution?: string };
  lambdalens: { timestamp_missing?: boolean };
}

describe('ship: a line over the parse limit', { timeout: 180_000 }, () => {
  const es = useShipperEs();

  it('keeps the time, level and request ID its head states', async () => {
    const prefix = await es.fresh('long-lines');
    const input = join(dir, `${prefix}.log`);
    writeFileSync(input, `${COPY}\n`);
    const r = await runCli(
      ['ship', input, '--to', esUrl(), '--index-prefix', prefix, '--function-name', 'f'],
      {},
    );
    expect(r.code).toBe(0);
    const long = (await search<LineDoc>(es.client, `${prefix}-logs-*`, { size: 20 }))
      .filter((d) => d.message.length > 1024 * 1024)
      .map((d) => ({
        at: d['@timestamp'],
        level: d.log?.level,
        request: d.faas?.execution,
        undated: d.lambdalens.timestamp_missing ?? false,
        message: d.message,
      }))
      .sort((a, b) => String(a.at).localeCompare(String(b.at)));
    expect(long.map(({ message, ...facts }) => facts)).toEqual([
      { at: '2026-03-02T12:00:00.200Z', level: 'ERROR', request: A, undated: false },
      { at: '2026-03-02T12:00:00.300Z', level: 'WARN', request: B, undated: false },
    ]);
    // The messages themselves stored as before: whole, under the document limit.
    expect(long.map((d) => d.message)).toEqual([TEXT_LINE, JSON_LINE]);
    expect(r.stderr).toContain(
      `lambdalens: warning: ${input}: line 2 is ${TEXT_LINE.length} characters, over the 1 MiB parse limit; only its first 8 KiB are read for its time, level and request ID\n`,
    );
  });
});
