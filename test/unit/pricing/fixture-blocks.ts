/** Reads blocks of test/fixtures/pricing-report-lines.txt and correlates them like local files. */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readInvocations } from '../../../collectors/files/read-invocations.ts';
import type { Invocation } from '../../../collectors/model.ts';

const FIXTURE = new URL('../../fixtures/pricing-report-lines.txt', import.meta.url);

/** The sample lines of the block whose `# variant:` line contains `variant`. */
export async function fixtureBlock(variant: string): Promise<string> {
  const text = await readFile(FIXTURE, 'utf8');
  const block = text
    .split(/^# ----$/m)
    .find((b) => b.split('\n').some((l) => l.startsWith('# variant:') && l.includes(variant)));
  if (!block) throw new Error(`no fixture block with variant "${variant}"`);
  return block
    .split('\n')
    .filter((l) => !l.startsWith('#') && l.trim() !== '')
    .join('\n');
}

/** Invocations of one fixture block, read through the real file reader and correlator. */
export async function invocationsOfFixture(
  variant: string,
  functionName = 'fixture-fn',
): Promise<Invocation[]> {
  const dir = await mkdtemp(join(tmpdir(), 'lambdalens-pricing-'));
  const file = join(dir, `${functionName}.log`);
  await writeFile(file, `${await fixtureBlock(variant)}\n`);
  const out: Invocation[] = [];
  for await (const inv of readInvocations([file])) out.push(inv);
  return out;
}
