/**
 * What the commands print over the example month must not change when the code behind them
 * is made faster: the NDJSON and text of `logs` and the JSON of `cost` are compared with
 * what they printed before, record by record (one digest per NDJSON line, per text block,
 * per cost JSON line), so a failure names the first record that changed.
 *
 * An intended change of output updates the digests: `npx vitest run test/e2e/output-golden.test.ts -u`,
 * and the diff of `test/e2e/golden/` then shows which records changed.
 */

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const logs = join('examples', 'data', 'logs');
const config = join('examples', 'data', 'functions.json');

function lambdalens(args: string[]): string {
  const run = spawnSync(process.execPath, [join(root, 'bin', 'lambdalens.mjs'), ...args], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 256 << 20,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    timeout: 120_000,
  });
  if (run.status !== 0) throw new Error(`lambdalens ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  return run.stdout;
}

/** One line per record: its index, what it names (request ID or first words), and a digest of it. */
function digests(records: string[], label: (record: string) => string): string {
  return `${records
    .map((r, i) => `${i} ${label(r)} ${createHash('sha256').update(r).digest('hex').slice(0, 16)}`)
    .join('\n')}\n`;
}

const requestIdOf = (line: string) => /"requestId":"([^"]*)"/.exec(line)?.[1] ?? '-';
const COLOUR = new RegExp(`${String.fromCharCode(27)}\\[\\d+m`, 'g');
const firstWords = (text: string) =>
  text.replace(COLOUR, '').trim().split(/\s+/).slice(0, 3).join(' ').slice(0, 80);

describe('output over the example month is what it was', () => {
  it('logs --output ndjson', async () => {
    // One thread: the order of invocations a part of the files leaves open depends on the parts
    // (see workers.test.ts, which compares the threads' output with this).
    const out = lambdalens(['logs', logs, '--output', 'ndjson', '--workers', '1']);
    const lines = out.split('\n');
    expect(lines.pop()).toBe('');
    await expect(digests(lines, requestIdOf)).toMatchFileSnapshot('golden/logs-ndjson.digests');
  });

  it('logs as coloured text', async () => {
    const out = lambdalens(['logs', logs, '--color', '--workers', '1']);
    // Blocks are parted by an empty line; a block's own lines never are empty (they are indented).
    const blocks = out.split('\n\n');
    await expect(digests(blocks, firstWords)).toMatchFileSnapshot('golden/logs-text.digests');
  });

  it('cost --output json', async () => {
    const out = lambdalens(['cost', logs, '--config', config, '--output', 'json']);
    await expect(digests(out.split('\n'), firstWords)).toMatchFileSnapshot('golden/cost-json.digests');
  });

  it('cost --free-tier --output json with the architecture from a flag', async () => {
    const out = lambdalens([
      'cost',
      logs,
      '--arch',
      'arm64',
      '--region',
      'eu-west-1',
      '--free-tier',
      '--output',
      'json',
    ]);
    await expect(digests(out.split('\n'), firstWords)).toMatchFileSnapshot(
      'golden/cost-free-tier-json.digests',
    );
  });
});
