/**
 * `ship` over many files built into documents by several threads (`--workers`): the
 * documents, their IDs and their content are one thread's, nothing is sent twice, and a
 * cluster that already holds one thread's documents takes none of them again. When the
 * threads' parts are joined, the result is exactly one thread's, in its order.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { esUrl } from '../services/clients.ts';
import { runCliAsync } from '../support/cli.ts';
import { ROOT, startCli } from '../support/live-cli.ts';
import { count, useShipperEs } from '../support/shipper-es.ts';
import { streamCutInTwo, taggedInputs } from '../support/split-inputs.ts';

const logs = join(ROOT, 'examples', 'data', 'logs');
const FIXTURES = join(ROOT, 'test', 'fixtures');
const EXAMPLE_DOCUMENTS = 15_395;
const SPLIT_AGAIN = /reading (the inputs again|the rest of the inputs) in one thread/;

async function ship(args: string[], env: Record<string, string> = {}) {
  const run = await runCliAsync(['ship', ...args], env, { timeoutMs: 120_000 });
  expect(run.code, run.stderr).toBe(0);
  return run;
}

/** The run's closing line: what became of every document. */
const summaryOf = (stderr: string) => stderr.split('\n').find((l) => / documents: /.test(l));

/**
 * NDJSON documents without what differs from run to run: when they were built, which is
 * also the time of an invocation that has none of its own (it goes to the undated index).
 */
function stable(ndjson: string): string[] {
  return ndjson
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const built = l.replace(/"ingested":"[^"]*",/, '');
      return built.includes('-undated",') ? built.replace(/"@timestamp":"[^"]*",/, '') : built;
    });
}

/** Document IDs by function, in the order written. */
function idsByFunction(lines: string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of lines) {
    const doc = JSON.parse(line) as { _id: string; _source: { faas?: { name?: string } } };
    const name = doc._source.faas?.name ?? '';
    out.set(name, [...(out.get(name) ?? []), doc._id]);
  }
  return out;
}

describe('ship --workers', { timeout: 300_000 }, () => {
  const es = useShipperEs();
  const dir = mkdtempSync(join(tmpdir(), 'ship-workers-'));

  it('ships the example month as one thread does: the same documents, each function in the same order', async () => {
    const one = join(dir, 'one.ndjson');
    const three = join(dir, 'three.ndjson');
    const a = await ship([logs, '--to', one, '--workers', '1']);
    const b = await ship([logs, '--to', three, '--workers', '3']);
    expect(b.stderr).not.toMatch(SPLIT_AGAIN);
    expect(summaryOf(b.stderr)).toBe(
      `lambdalens: ${EXAMPLE_DOCUMENTS} documents: ${EXAMPLE_DOCUMENTS} written, 0 already present, 0 dead-lettered, 0 re-sent, 0 not delivered`,
    );
    expect(summaryOf(a.stderr)).toBe(summaryOf(b.stderr));
    const oneLines = stable(readFileSync(one, 'utf8'));
    const threeLines = stable(readFileSync(three, 'utf8'));
    expect(threeLines).toHaveLength(EXAMPLE_DOCUMENTS);
    expect([...threeLines].sort()).toEqual([...oneLines].sort());
    // Only where a part ends can the order across functions differ.
    expect(idsByFunction(threeLines)).toEqual(idsByFunction(oneLines));
  });

  it('into Elasticsearch: every document once, and none again for one thread or another run', async () => {
    const prefix = await es.fresh('workers');
    const target = ['--to', esUrl(), '--index-prefix', prefix];
    const first = await ship([logs, ...target, '--workers', '3']);
    expect(first.stderr).not.toMatch(SPLIT_AGAIN);
    expect(summaryOf(first.stderr)).toMatch(
      new RegExp(
        `^lambdalens: ${EXAMPLE_DOCUMENTS} documents: ${EXAMPLE_DOCUMENTS} written, 0 already present`,
      ),
    );
    const stored =
      (await count(es.client, `${prefix}-logs`)) + (await count(es.client, `${prefix}-invocations`));
    expect(stored).toBe(EXAMPLE_DOCUMENTS);
    // One thread's documents are the very same: all already there, none written, none replaced.
    for (const workers of ['1', '2']) {
      const again = await ship([logs, ...target, '--workers', workers]);
      expect(summaryOf(again.stderr)).toMatch(
        new RegExp(
          `^lambdalens: ${EXAMPLE_DOCUMENTS} documents: 0 written, ${EXAMPLE_DOCUMENTS} already present, 0 dead-lettered`,
        ),
      );
    }
    expect(
      (await count(es.client, `${prefix}-logs`)) + (await count(es.client, `${prefix}-invocations`)),
    ).toBe(EXAMPLE_DOCUMENTS);
  });

  it('a stream cut between two files: the first thread reads the second on; exactly one thread’s documents', async () => {
    const [a, b] = streamCutInTwo();
    const args = [a, b, '--function-name', 'orders-api'];
    await ship([...args, '--to', join(dir, 'cut-1.ndjson'), '--workers', '1']);
    const two = await ship([...args, '--to', join(dir, 'cut-2.ndjson'), '--workers', '2']);
    expect(two.stderr).toMatch(
      /log stream .* of orders-api continues from one part of the inputs into another/,
    );
    expect(two.stderr).toMatch(/; reading the rest of the inputs in one thread/);
    const oneLines = stable(readFileSync(join(dir, 'cut-1.ndjson'), 'utf8'));
    expect(oneLines.length).toBeGreaterThan(1000);
    expect(stable(readFileSync(join(dir, 'cut-2.ndjson'), 'utf8'))).toEqual(oneLines);
  });

  it('a request left open in one file and named again in another: all read again, nothing sent twice', async () => {
    // Full logs, then an export of REPORT lines that names requests the first left open:
    // seen only once the first part is closed, after its documents went.
    const files = [join(FIXTURES, 'lambda-log-samples.txt'), join(FIXTURES, 'pricing-report-lines.txt')];
    const one = await ship([...files, '--to', join(dir, 'again-1.ndjson'), '--workers', '1']);
    const two = await ship([...files, '--to', join(dir, 'again-2.ndjson'), '--workers', '2']);
    expect(two.stderr).toMatch(
      /request .* is left open in one part of the inputs and named again in another/,
    );
    expect(two.stderr).toMatch(/; reading the inputs again in one thread/);
    const oneLines = stable(readFileSync(join(dir, 'again-1.ndjson'), 'utf8'));
    // The same documents in the same order: those sent before the join was seen are not sent again.
    expect(stable(readFileSync(join(dir, 'again-2.ndjson'), 'utf8'))).toEqual(oneLines);
    expect(summaryOf(two.stderr)).toBe(summaryOf(one.stderr));
    expect(summaryOf(one.stderr)).toContain(`${oneLines.length} documents: ${oneLines.length} written`);
  });

  it('with no folder for spools (TMPDIR names a file) one thread reads all, says so, and gives the same', async () => {
    const notAFolder = join(dir, 'not-a-folder');
    writeFileSync(notAFolder, '');
    const one = join(dir, 'nofolder-one.ndjson');
    const two = join(dir, 'nofolder-two.ndjson');
    await ship([logs, '--to', one, '--workers', '1']);
    const shipped = await ship([logs, '--to', two, '--workers', '2'], { TMPDIR: notAFolder });
    const printed = await runCliAsync(['logs', logs, '--output', 'ndjson', '--workers', '2'], {
      TMPDIR: notAFolder,
    });
    const printedOne = await runCliAsync(['logs', logs, '--output', 'ndjson', '--workers', '1'], {});
    for (const run of [shipped, printed]) {
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toMatch(
        new RegExp(
          `lambdalens: cannot write the reading threads' spool files in ${notAFolder}: ENOTDIR: not a directory, mkdtemp '${notAFolder}/lambdalens-spool-[0-9a-f]{8}-\\d+-XXXXXX'; reading the inputs in one thread\n`,
        ),
      );
    }
    expect(stable(readFileSync(two, 'utf8'))).toEqual(stable(readFileSync(one, 'utf8')));
    expect(printed.stdout).toBe(printedOne.stdout);
  });

  it('a temporary folder that fills up while the threads spool: this thread reads the rest, as one thread does', async () => {
    // A 64 KiB tmpfs as TMPDIR, mounted in a user and mount namespace of the run's own, holds
    // far less than the threads spool: their writes fail with ENOSPC part way.
    const { root, inputs, scratch } = taggedInputs('ship-workers-full', 3);
    const bin = join(ROOT, 'bin', 'lambdalens.mjs');
    const inFullTmp = (args: string[]) =>
      spawnSync(
        'unshare',
        [
          '-rm',
          'sh',
          '-c',
          'mount -t tmpfs -o size=64k tmpfs "$0" && exec "$@"',
          scratch,
          process.execPath,
          bin,
          ...args,
        ],
        { env: { ...process.env, TMPDIR: scratch }, encoding: 'utf8', timeout: 120_000, maxBuffer: 1 << 28 },
      );
    const alone = (args: string[]) =>
      spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 120_000, maxBuffer: 1 << 28 });
    const said = `lambdalens: cannot write the reading threads' spool files in ${scratch}: ENOSPC: no space left on device, write; reading the rest of the inputs in one thread`;

    const printed = inFullTmp(['logs', inputs, '--output', 'ndjson', '--workers', '3']);
    expect(printed.status, printed.stderr).toBe(0);
    expect(printed.stderr).toContain(said);
    const printedOne = alone(['logs', inputs, '--output', 'ndjson', '--workers', '1']);
    expect(printed.stdout.length).toBeGreaterThan(1 << 20);
    expect(printed.stdout).toBe(printedOne.stdout);

    const three = join(root, 'three.ndjson');
    const one = join(root, 'one.ndjson');
    const shipped = inFullTmp(['ship', inputs, '--to', three, '--workers', '3']);
    expect(shipped.status, shipped.stderr).toBe(0);
    expect(shipped.stderr).toContain(said);
    expect(alone(['ship', inputs, '--to', one, '--workers', '1']).status).toBe(0);
    const lines = stable(readFileSync(three, 'utf8'));
    // Three tagged copies of the examples make 33,984 documents.
    expect(lines).toHaveLength(33_984);
    expect(lines).toEqual(stable(readFileSync(one, 'utf8')));

    // Into Elasticsearch (the threads spool documents, not lines): every document once.
    const prefix = await es.fresh('workers-full');
    const stored = inFullTmp(['ship', inputs, '--to', esUrl(), '--index-prefix', prefix, '--workers', '3']);
    expect(stored.status, stored.stderr).toBe(0);
    expect(stored.stderr).toContain(said);
    expect(summaryOf(stored.stderr)).toMatch(
      /^lambdalens: 33984 documents: 33984 written, 0 already present/,
    );
    expect(
      (await count(es.client, `${prefix}-logs`)) + (await count(es.client, `${prefix}-invocations`)),
    ).toBe(33_984);
  });

  it('a reader that closes the pipe early leaves no spool files behind (logs and ship)', () => {
    const { inputs, scratch } = taggedInputs('ship-workers-pipe', 2);
    const bin = join(ROOT, 'bin', 'lambdalens.mjs');
    for (const command of [`logs ${inputs} --output ndjson`, `ship ${inputs} --to -`]) {
      // `head -1` takes one line and closes the pipe: the process ends at the next write.
      const run = spawnSync('sh', ['-c', `"${process.execPath}" "${bin}" ${command} --workers 2 | head -1`], {
        env: { ...process.env, TMPDIR: scratch },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout.trim().split('\n')).toHaveLength(1);
      expect(readdirSync(scratch), command).toEqual([]);
    }
  });

  it('the spools of a run killed with SIGKILL are removed by the next run, never those of a live run', async () => {
    const { root, inputs, scratch } = taggedInputs('ship-workers-kill', 6);
    const small = taggedInputs('ship-workers-kill-next', 1);
    const run = startCli(['ship', inputs, '--to', join(root, 'out.ndjson'), '--workers', '2'], {
      TMPDIR: scratch,
    });
    const pid = run.child.pid as number;
    const next = () =>
      runCliAsync(['logs', small.inputs, '--output', 'ndjson', '--workers', '2'], { TMPDIR: scratch });
    try {
      // Caught while its threads write their spools: a folder named for its process, a part file filling.
      const spooling = () =>
        readdirSync(scratch).filter((name) =>
          readdirSync(join(scratch, name)).some((part) => statSync(join(scratch, name, part)).size > 0),
        );
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline && spooling().length === 0) await new Promise((r) => setTimeout(r, 20));
      const [folder] = spooling();
      expect(folder).toMatch(new RegExp(`^lambdalens-spool-[0-9a-f]{8}-${pid}-`));
      // Frozen, the run still lives: a later run leaves its spools alone.
      run.child.kill('SIGSTOP');
      expect((await next()).code).toBe(0);
      expect(readdirSync(scratch)).toEqual([folder]);
      // Killed, it removes nothing itself; the next run removes what it left.
      run.child.kill('SIGKILL');
      expect((await run.exited).signal).toBe('SIGKILL');
      expect(readdirSync(scratch)).toEqual([folder]);
      expect((await next()).code).toBe(0);
      expect(readdirSync(scratch)).toEqual([]);
    } finally {
      run.kill();
    }
  });

  it('a stop ships every document read once, exits 0 and leaves no spool files', async () => {
    // Enough for the threads to be reading when the stop comes.
    const { root, inputs, scratch } = taggedInputs('ship-workers-stop', 6);
    const out = join(root, 'out.ndjson');
    const run = startCli(['ship', inputs, '--to', out, '--workers', '2'], { TMPDIR: scratch });
    try {
      // Stopped once the first documents are in the file, while the threads still read.
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline && !(statSync(out, { throwIfNoEntry: false })?.size ?? 0))
        await new Promise((r) => setTimeout(r, 20));
      run.child.kill('SIGTERM');
      const exit = await run.exited;
      const stderr = run.stderr.map((l) => l.text).join('\n');
      expect(exit.code, stderr).toBe(0);
      const written = stable(readFileSync(out, 'utf8'));
      // Stopped part way: the six copies make 67,968 documents.
      expect(written.length).toBeGreaterThan(0);
      expect(written.length).toBeLessThan(67_968);
      const ids = written.map((l) => (JSON.parse(l) as { _id: string })._id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(summaryOf(stderr)).toContain(`${ids.length} documents: ${ids.length} written`);
      // Exit 0, as asked for, and said: a stopped run does not read as one that shipped everything.
      expect(stderr).toContain(
        'lambdalens: stopped before the end of the input: what was read is shipped; run the same command again to ship the rest (documents already written are not written twice)',
      );
      expect(readdirSync(scratch)).toEqual([]);
    } finally {
      run.kill();
    }
  });
});
