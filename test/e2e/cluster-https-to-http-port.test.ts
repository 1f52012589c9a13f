/**
 * An https:// URL to a cluster's plain http port, as a user mistypes it, against the real
 * Elasticsearch and OpenSearch: the TLS handshake fails the same way on every try, so each
 * command fails at once, saying to try http://, in OpenSSL's words without its thread, code
 * and source position (`807CC8…:error:0A00010B:…:../deps/openssl/…/ssl3_record.c:350:`, a
 * line break shown as ^J), and without the URL's credentials. It was asked again 8 times
 * (about 20 s) by ship's engine question and its bulk requests, and then hinted that running
 * the same command again would finish.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliAsync as runCli } from '../support/cli.ts';
import { engineUrl } from '../support/shipper-es.ts';

const dir = mkdtempSync(join(tmpdir(), 'll-https-to-http-'));
const RID = 'cccccccc-1111-2222-3333-777777777777';
const FILE = join(dir, 'orders.log');
writeFileSync(
  FILE,
  `${[
    `2026-03-02T12:00:00.100Z\tSTART RequestId: ${RID} Version: $LATEST`,
    `2026-03-02T12:00:00.151Z\tREPORT RequestId: ${RID}\tDuration: 48.10 ms\tBilled Duration: 49 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t`,
  ].join('\n')}\n`,
);

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** OpenSSL's words for a handshake a plain http server answered (the OpenSearch client puts Node's before them), and what to change. */
const HANDSHAKE = String.raw`connection failed: (write EPROTO )?SSL routines:[a-z0-9_]+:[a-z ]+ \(TLS handshake failed: the server may speak plain http; try an http:// URL\)`;

describe.each(['elasticsearch', 'opensearch'] as const)('an https:// URL to %s’s http port', (engine) => {
  const port = new URL(engineUrl(engine)).port;
  const display = `https://127.0.0.1:${port}`;
  const url = `https://elastic:pw-s3cr3t@127.0.0.1:${port}`;
  const question = new RegExp(
    `^lambdalens: cannot reach ${escaped(display)} to learn which engine it runs: ${HANDSHAKE}$`,
  );

  it.each([
    ['es setup', ['es', 'setup', '--es-url', url]],
    ['cost --source elasticsearch', ['cost', '--source', 'elasticsearch', '--es-url', url]],
    ['ship', ['ship', FILE, '--to', url]],
  ])('%s fails at once on the engine question, saying to try http://', async (_, args) => {
    const started = Date.now();
    const r = await runCli([...args, '--index-prefix', 'll-test-https-to-http'], {});
    expect(r.code).toBe(1);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toContain('pw-s3cr3t');
    expect(r.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(question)]);
  });

  it('ship told the engine fails its first bulk request at once, not as one to send again', async () => {
    const started = Date.now();
    const r = await runCli(
      ['ship', FILE, '--to', url, '--engine', engine, '--index-prefix', 'll-test-https-to-http'],
      {},
    );
    expect(r.code).toBe(1);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(r.stderr).not.toContain('pw-s3cr3t');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines.filter((l) => /retrying/.test(l))).toEqual([]);
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(`^lambdalens: stopped: cannot connect to ${escaped(display)}: ${HANDSHAKE}$`),
      ),
    );
    expect(lines.at(-1)).toBe(
      'hint: fix the cause above, then run the same command again: documents already written are not written twice',
    );
  });
});
