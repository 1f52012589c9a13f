/**
 * The cost report is the same, byte for byte, in every format, however its input reaches
 * the correlator: the example month as it is (every line), and its REPORT lines alone (as
 * a Logs Insights export gives them) followed by a whole log, which the REPORT-only reading
 * takes first and then hands to the correlator half-way through.
 *
 * The digests were taken from the report before REPORT-only input was read apart; an
 * intended change of output updates them: `npx vitest run test/e2e/cost-formats-golden.test.ts -u`.
 */

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const logs = join(root, 'examples', 'data', 'logs');
const FORMATS = ['json', 'table', 'csv', 'md', 'html'] as const;

/** Exit code, stdout and stderr of one run, digested. */
function costDigest(args: string[]): string {
  const run = spawnSync(process.execPath, [join(root, 'bin', 'lambdalens.mjs'), 'cost', ...args], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 256 << 20,
    // No Region from the machine running the tests: functions whose logs name none are priced
    // only with --region, as the digests were taken.
    env: {
      ...process.env,
      AWS_REGION: '',
      AWS_DEFAULT_REGION: '',
      AWS_PROFILE: '',
      AWS_CONFIG_FILE: '/nonexistent',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    timeout: 120_000,
  });
  const hash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 16);
  return `exit ${run.status} stdout ${hash(run.stdout)} (${run.stdout.length}) stderr ${hash(run.stderr)}`;
}

/**
 * The REPORT lines of three example functions (text copies and an `aws logs` JSON
 * download), each in a file named after its function, and then one whole log.
 */
function reportOnlyInputs(dir: string): string[] {
  const only = join(dir, 'reports');
  mkdirSync(only);
  const files: string[] = [];
  for (const name of ['etl-nightly.log', 'image-resizer.log']) {
    const lines = readFileSync(join(logs, name), 'utf8')
      .split('\n')
      .filter((l) => l.includes('REPORT RequestId'));
    files.push(join(only, name));
    writeFileSync(join(only, name), `${lines.join('\n')}\n`);
  }
  const download = JSON.parse(readFileSync(join(logs, 'orders-api.json'), 'utf8')) as {
    events: { message: string }[];
  };
  download.events = download.events.filter((e) => e.message.startsWith('REPORT RequestId'));
  files.push(join(only, 'orders-api.json'));
  writeFileSync(join(only, 'orders-api.json'), JSON.stringify(download));
  files.push(join(logs, 'notifier.json'));
  return files;
}

const dir = mkdtempSync(join(tmpdir(), 'lambdalens-cost-golden-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cost output in every format is what it was', () => {
  it('over the example month, without and with --region eu-west-1 --arch arm64', async () => {
    const rows: string[] = [];
    for (const format of FORMATS) {
      rows.push(`${format}: ${costDigest([logs, '--output', format])}`);
      rows.push(
        `${format} arm64: ${costDigest([logs, '--output', format, '--region', 'eu-west-1', '--arch', 'arm64'])}`,
      );
    }
    await expect(`${rows.join('\n')}\n`).toMatchFileSnapshot('golden/cost-formats.digests');
  });

  it('over REPORT lines alone, then a whole log', async () => {
    const inputs = reportOnlyInputs(dir);
    const rows: string[] = [];
    for (const format of ['json', 'table'] as const) {
      rows.push(`${format}: ${costDigest([...inputs, '--output', format])}`);
      rows.push(
        `${format} arm64: ${costDigest([...inputs, '--output', format, '--region', 'eu-west-1', '--arch', 'arm64'])}`,
      );
    }
    await expect(`${rows.join('\n')}\n`).toMatchFileSnapshot('golden/cost-report-only.digests');
  });
});
