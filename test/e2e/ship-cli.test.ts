/**
 * `lambdalens ship` and `es setup` run as a user runs them, against the real Elasticsearch
 * (a fault proxy in front where a server must misbehave): where the documents go, what is
 * said while they go, when it is said, and how the run ends.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { esUrl } from '../services/clients.ts';
import { runCliAsync as runCli } from '../support/cli.ts';
import { count, dropIndices, useShipperEs } from '../support/shipper-es.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const EXAMPLE = join(ROOT, 'examples', 'data', 'logs', 'orders-api.json');
const ETL = join(ROOT, 'examples', 'data', 'logs', 'etl-nightly.log');
const dir = mkdtempSync(join(tmpdir(), 'll-ship-cli-'));

const lines = (text: string) => text.trim().split('\n').filter(Boolean);

// Each test runs the CLI several times on a shared, busy machine.
describe('lambdalens ship (real CLI, real Elasticsearch)', { timeout: 180_000 }, () => {
  const es = useShipperEs();

  it('ships to the cluster ES_URL names when there is no --to, and to host:port without a scheme', async () => {
    const prefix = await es.fresh('cli-target');
    const viaEnv = await runCli(['ship', ETL, '--index-prefix', prefix], { ES_URL: esUrl() });
    expect(viaEnv.stderr).toMatch(/^lambdalens: 1462 documents: 1462 written, 0 already present/m);
    expect(viaEnv.code).toBe(0);
    const hostPort = esUrl().replace(/^http:\/\//, '');
    const viaTo = await runCli(['ship', ETL, '--to', hostPort, '--index-prefix', prefix], {});
    expect(viaTo.stderr).toMatch(/^lambdalens: 1462 documents: 0 written, 1462 already present/m);
    expect(viaTo.code).toBe(0);
    const viaFlag = await runCli(['ship', ETL, '--es-url', hostPort, '--index-prefix', prefix], {});
    expect(viaFlag.stderr).toMatch(/1462 already present/);
    expect(viaFlag.stderr).not.toContain('kept as they are');
    // A config that prices nothing (no architecture, no --arch): no price of this run is lost.
    const regionOnly = join(dir, 'region-only.json');
    writeFileSync(regionOnly, JSON.stringify({ functions: { 'etl-nightly': { region: 'us-east-1' } } }));
    const unpricedConfig = await runCli(
      ['ship', ETL, '--to', hostPort, '--index-prefix', prefix, '--config', regionOnly],
      {},
    );
    expect(unpricedConfig.stderr).toMatch(/ 0 written, 1462 already present/);
    expect(unpricedConfig.stderr).not.toContain('kept as they are');
    // Priced now, unpriced before: the priced build is the more complete one, and replaces it.
    // The log lines already there carry no price: nothing to say of prices.
    const ship = ['ship', ETL, '--to', hostPort, '--index-prefix', prefix, '--arch'];
    const priced = await runCli([...ship, 'x86_64'], {});
    expect(priced.stderr).toMatch(/ 133 replaced by a more complete version, 1329 already present/);
    expect(priced.stderr).not.toContain('kept as they are');
    // Other prices on a run after that do not replace stored ones: said, not silently ignored.
    const repriced = await runCli([...ship, 'arm64'], {});
    expect(repriced.stderr).toMatch(/ 0 written, 1462 already present/);
    expect(repriced.stderr).toContain(
      'lambdalens: documents already present are kept as they are: a stored invocation is replaced only by a more complete build of it, so prices given now do not change those already stored with a price',
    );
    expect(await count(es.client, `${prefix}-logs`)).toBe(
      1462 - (await count(es.client, `${prefix}-invocations`)),
    );
  });

  it('refuses to guess a target, and fails cleanly on a missing folder, before reading anything', async () => {
    const none = await runCli(['ship', ETL], {});
    expect(none.code).toBe(2);
    expect(none.stderr).toBe(
      "lambdalens: where should the documents go? give --to <url|file.ndjson|->, or --es-url / ES_URL\nhint: e.g. 'lambdalens ship logs/ --to localhost:9200' or '--to backfill.ndjson' or '--to -' for stdout\n",
    );
    // The value of --to forgotten: the next option is not taken for a file name.
    const forgotten = await runCli(['ship', ETL, '--to', '--es-url', 'http://127.0.0.1:9'], {});
    expect(forgotten.code).toBe(2);
    expect(forgotten.stderr).toBe(
      `lambdalens: --to --es-url: "--es-url" is taken for --to's value and looks like an option; give a cluster URL, a file, or - for stdout (a file whose name starts with "-" as ./--es-url)\nhint: see 'lambdalens ship --help'\n`,
    );
    expect(existsSync(join(process.cwd(), '--es-url'))).toBe(false);
    const missing = await runCli(['ship', ETL, '--to', join(dir, 'no-such-folder', 'out.ndjson')], {});
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      `lambdalens: cannot write NDJSON to "${join(dir, 'no-such-folder', 'out.ndjson')}": the folder "${join(dir, 'no-such-folder')}" does not exist\n`,
    );
  });

  it('fails at once on a dead-letter file it cannot write, before shipping anything', async () => {
    const prefix = await es.fresh('cli-dl-file');
    const path = join(dir, 'no-such-folder', 'dl.ndjson');
    const r = await runCli(
      ['ship', ETL, '--to', esUrl(), '--index-prefix', prefix, '--dead-letter-file', path],
      {},
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `lambdalens: cannot write dead letters to "${path}": the folder "${join(dir, 'no-such-folder')}" does not exist\n`,
    );
    expect(await count(es.client, `${prefix}-logs`)).toBe(0);
  });

  it('refuses to ship a prefix under the other index period, which would store every document twice', async () => {
    const prefix = await es.fresh('cli-period');
    const ship = ['ship', ETL, '--to', esUrl(), '--index-prefix', prefix];
    expect((await runCli(ship, {})).code).toBe(0);
    const stored = await count(es.client, `${prefix}-logs`);
    const monthly = await runCli([...ship, '--index-period', 'monthly'], {});
    expect(monthly.code).toBe(2);
    expect(monthly.stderr).toContain(
      `holds the invocations of prefix "${prefix}" in daily indices (${prefix}-invocations-2026.10.`,
    );
    expect(monthly.stderr).toContain(
      'hint: ship with --index-period daily, as before, or into another --index-prefix',
    );
    expect(await count(es.client, `${prefix}-logs`)).toBe(stored);
    // The same period again is a replay, as ever.
    expect((await runCli(ship, {})).stderr).toMatch(/ 0 written, 1462 already present/);
  });

  it('stops at once on an untrusted certificate with the --ca-file hint, whether or not the engine is given', async () => {
    const tls = (name: string) => readFileSync(join(ROOT, 'test', 'fixtures', 'tls', name));
    const server = createHttpsServer(
      { cert: tls('self-signed-cert.pem'), key: tls('self-signed-key.pem') },
      () => {
        throw new Error('no request gets through an untrusted handshake');
      },
    ).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const cause = `connection failed: self-signed certificate (the server certificate is not trusted: pass --ca-file <pem> with its CA, or --insecure for a test cluster)`;
    try {
      for (const engine of ['elasticsearch', 'opensearch']) {
        const started = Date.now();
        const r = await runCli(['ship', ETL, '--to', url, '--engine', engine], {});
        expect(Date.now() - started, engine).toBeLessThan(10_000);
        expect(r.code).toBe(1);
        expect(r.stderr).toBe(
          'lambdalens: 1462 documents: 0 written, 0 already present, 0 dead-lettered, 0 re-sent, 1462 not delivered\n' +
            `lambdalens: stopped: cannot connect to ${url}: ${cause}\n` +
            'hint: fix the cause above, then run the same command again: documents already written are not written twice\n',
        );
      }
      const asked = await runCli(['ship', ETL, '--to', url], {});
      expect(asked.code).toBe(1);
      expect(asked.stderr).toContain(
        `lambdalens: cannot reach ${url} to learn which engine it runs: ${cause}\n`,
      );
    } finally {
      server.close();
    }
  });

  it('says, before sending, that --insecure leaves the certificate unchecked; --ca-file trusts it silently', async () => {
    const tls = (name: string) => readFileSync(join(ROOT, 'test', 'fixtures', 'tls', name));
    const cluster = new URL(esUrl());
    // TLS in front of the test cluster, which serves plain HTTP.
    const server = createHttpsServer(
      { cert: tls('self-signed-cert.pem'), key: tls('self-signed-key.pem') },
      (req, res) => {
        const out = httpRequest(
          {
            host: cluster.hostname,
            port: cluster.port,
            path: req.url,
            method: req.method,
            headers: req.headers,
          },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        out.on('error', () => res.destroy());
        req.pipe(out);
      },
    ).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const prefix = await es.fresh('cli-insecure');
      const insecure = await runCli(
        ['ship', ETL, '--to', `https://${host}`, '--index-prefix', prefix, '--insecure'],
        {},
      );
      expect(insecure.code).toBe(0);
      expect(lines(insecure.stderr)[0]).toBe(
        `lambdalens: warning: TLS certificates of ${host} are not verified (--insecure or ES_TLS_VERIFY=false): anyone on the path can read and change what is sent, credentials included`,
      );
      expect(insecure.stderr).toMatch(/^lambdalens: 1462 documents: 1462 written, 0 already present/m);
      const trusted = await runCli(
        [
          'ship',
          ETL,
          '--to',
          `https://${host}`,
          '--index-prefix',
          prefix,
          '--ca-file',
          join(ROOT, 'test', 'fixtures', 'tls', 'self-signed-cert.pem'),
        ],
        {},
      );
      expect(trusted.code).toBe(0);
      expect(trusted.stderr).not.toMatch(/not verified|plain HTTP/);
      expect(trusted.stderr).toMatch(/^lambdalens: 1462 documents: 0 written, 1462 already present/m);
    } finally {
      server.close();
    }
  });

  it('replaces an NDJSON file on a re-run, adds to it with --append, and never warns about listeners', async () => {
    const out = join(dir, 'examples.ndjson');
    const logs = join(ROOT, 'examples', 'data', 'logs');
    const first = await runCli(['ship', logs, '--to', out], {});
    expect(first.code).toBe(0);
    const written = lines(readFileSync(out, 'utf8')).length;
    expect(written).toBe(15_395);
    expect((await runCli(['ship', logs, '--to', out], {})).code).toBe(0);
    expect(lines(readFileSync(out, 'utf8'))).toHaveLength(written);
    const appended = await runCli(['ship', ETL, '--to', out, '--append'], {});
    expect(lines(readFileSync(out, 'utf8'))).toHaveLength(written + 1462);
    for (const run of [first, appended])
      expect(run.stderr).not.toMatch(/MaxListenersExceededWarning|Warning/);
    const toStdout = await runCli(['ship', ETL, '--to', '-'], {});
    expect(lines(toStdout.stdout)).toHaveLength(1462);
  });

  it('prices every invocation a --config names, warm ones included', async () => {
    const config = join(ROOT, 'examples', 'data', 'functions.json');
    const r = await runCli(['ship', EXAMPLE, '--to', '-', '--config', config], {});
    expect(r.code).toBe(0);
    const invocations = lines(r.stdout)
      .map((l) => JSON.parse(l))
      .filter((d) => d._source.lambdalens.doc === 'invocation');
    expect(invocations.length).toBeGreaterThan(100);
    // Priced wherever the data allows: every invocation with a REPORT (its billed duration).
    const reported = invocations.filter((d) => d._source.lambdalens.invocation.billed_duration_ms !== null);
    expect(reported.length).toBeGreaterThan(100);
    expect(reported.filter((d) => d._source.lambdalens.cost === undefined)).toEqual([]);
    expect(invocations.filter((d) => d._source.lambdalens.cost !== undefined)).toHaveLength(reported.length);
    expect(invocations.every((d) => typeof d._version === 'number')).toBe(true);
  });

  it('warns, with the command that fixes it, when the cluster has no lambdalens templates', async () => {
    const prefix = `ll-test-notemplates-${Date.now().toString(36)}`;
    try {
      const r = await runCli(['ship', ETL, '--to', esUrl(), '--index-prefix', prefix], {});
      expect(r.code).toBe(0);
      expect(r.stderr).toContain(
        `lambdalens: warning: ${esUrl()} has no lambdalens index templates for prefix "${prefix}" (missing ${prefix}-logs, ${prefix}-invocations, ${prefix}-dead-letter)`,
      );
      expect(r.stderr).toContain(
        `lambdalens: to fix it, run: lambdalens es setup --es-url ${esUrl()} --index-prefix ${prefix}`,
      );
      const setup = await runCli(
        ['es', 'setup', '--es-url', esUrl(), '--index-prefix', prefix, '--backfill-days', '30'],
        {},
      );
      expect(setup.code).toBe(0);
      expect(setup.stdout).toMatch(
        /^shards: \d+ of \d+ in use; each day of indices adds 2, so \d+ more days fit$/m,
      );
      expect(setup.stdout).toContain('a 30-day backfill needs 31 days of indices: it fits');
      const again = await runCli(['ship', ETL, '--to', esUrl(), '--index-prefix', prefix], {});
      expect(again.stderr).not.toContain('warning');
      const tooLong = await runCli(
        ['es', 'setup', '--es-url', esUrl(), '--index-prefix', prefix, '--backfill-days', '100000'],
        {},
      );
      expect(tooLong.code).toBe(1);
      expect(tooLong.stdout).toMatch(
        /a 100000-day backfill needs 100001 days of indices \(200002 shards\): it does not fit; ship with --index-period monthly/,
      );
      expect(tooLong.stderr).toBe(
        'lambdalens: the planned backfill does not fit in the cluster’s shard limit\n',
      );
    } finally {
      await dropIndices(es.client, prefix);
    }
  });

  it('exits 1 naming the shard limit when the cluster refuses new indices', async () => {
    const prefix = await es.fresh('cli-shards');
    await es.client.request({
      method: 'PUT',
      path: `/_index_template/${prefix}-too-many-shards`,
      body: {
        index_patterns: [`${prefix}-logs-*`],
        priority: 500,
        template: { settings: { number_of_shards: 1001, number_of_replicas: 0 } },
      },
    });
    try {
      const r = await runCli(['ship', ETL, '--to', esUrl(), '--index-prefix', prefix], {});
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        /\blambdalens: stopped: Elasticsearch refused the writes: the cluster is at its shard limit \(Validation Failed/,
      );
      expect(r.stderr).toMatch(/0 dead-lettered/);
      expect(r.stderr).toContain('hint: fix the cause above, then run the same command again');
    } finally {
      await es.client.request({ method: 'DELETE', path: `/_index_template/${prefix}-too-many-shards` });
    }
  });

  it('keeps credentials a server echoes back out of ship and es setup errors', async () => {
    const prefix = await es.fresh('cli-echo');
    const password = 'hunter2-but-longer';
    es.proxy.intercept((req) => ({
      status: 401,
      headers: { 'content-type': 'text/plain', 'x-elastic-product': 'Elasticsearch' },
      body: `denied: ${req.headers.authorization}`,
    }));
    try {
      const env = { ES_USERNAME: 'elastic', ES_PASSWORD: password };
      const ship = await runCli(['ship', ETL, '--to', es.proxy.url, '--index-prefix', prefix], env);
      const setup = await runCli(['es', 'setup', '--es-url', es.proxy.url, '--index-prefix', prefix], env);
      expect(ship.code).toBe(1);
      expect(setup.code).toBe(1);
      expect(ship.stderr).toContain('denied: Basic ***');
      const basic = Buffer.from(`elastic:${password}`).toString('base64');
      for (const text of [ship.stderr, setup.stderr, ship.stdout, setup.stdout]) {
        expect(text).not.toContain(basic);
        expect(text).not.toContain(password);
      }
    } finally {
      es.proxy.intercept(null);
    }
  });

  it('ships hostile JSON lines (5,000+ levels, wide, huge, odd Unicode) without throwing', async () => {
    const prefix = await es.fresh('cli-hostile');
    const id = '3e1b2c4d-5f60-4a7b-8c9d-0e1f2a3b4c5d';
    const deep = `${'{"a":'.repeat(6_000)}1${'}'.repeat(6_000)}`;
    const wide = JSON.stringify(Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`k${i}`, i])));
    const messages = [
      `START RequestId: ${id} Version: $LATEST`,
      `2026-02-01T00:00:00.100Z\t${id}\tINFO\t${deep}`,
      `2026-02-01T00:00:00.200Z\t${id}\tINFO\t${wide}`,
      `2026-02-01T00:00:00.300Z\t${id}\tINFO\t${JSON.stringify({ s: 'x'.repeat(500_000) })}`,
      `2026-02-01T00:00:00.400Z\t${id}\tINFO\t{"lone":"\\ud800","bom":"\ufeff","rtl":"\u202e","nul":"\\u0000","__proto__":{"x":1}}`,
      `2026-02-01T00:00:00.500Z\t${id}\tINFO\t${'['.repeat(50_000)}`,
      `END RequestId: ${id}`,
      `REPORT RequestId: ${id}\tDuration: 500.00 ms\tBilled Duration: 500 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB`,
    ];
    const file = join(dir, 'hostile.json');
    writeFileSync(
      file,
      `${messages
        .map((message, i) =>
          JSON.stringify({
            timestamp: Date.parse('2026-02-01T00:00:00Z') + i * 100,
            message,
            logGroupName: '/aws/lambda/hostile-fn',
            logStreamName: '2026/02/01/[$LATEST]hostile',
            eventId: String(i + 1).padStart(56, '3'),
          }),
        )
        .join('\n')}\n`,
    );
    const r = await runCli(['ship', file, '--to', es.proxy.url, '--index-prefix', prefix], {});
    expect(r.stderr).toMatch(/^lambdalens: 9 documents: 9 written, 0 already present, 0 dead-lettered/m);
    expect(r.code).toBe(0);
    expect(await count(es.client, `${prefix}-logs`)).toBe(8);
  });

  it('says within seconds why nothing is moving when every request hangs', async () => {
    const prefix = await es.fresh('cli-hang');
    es.proxy.hang();
    // Asking the engine of a cluster that never answers is tried 8 times, as a bulk request is,
    // each retry said, then fails before any input is read.
    const asked = await runCli(['ship', ETL, '--to', es.proxy.url, '--request-timeout', '1'], {});
    expect(asked.code).toBe(1);
    const lines = asked.stderr.trimEnd().split('\n');
    expect(lines.slice(0, 7)).toEqual(
      [2, 3, 4, 5, 6, 7, 8].map((n) =>
        expect.stringMatching(
          new RegExp(
            `^lambdalens: asking http://127\\.0\\.0\\.1:\\d+ again which engine it runs in \\d+(\\.\\d)? s \\(attempt ${n} of 8\\): no answer within 1000 ms \\(request timed out\\)$`,
          ),
        ),
      ),
    );
    expect(lines.slice(7)).toEqual([
      expect.stringMatching(
        /^lambdalens: cannot reach http:\/\/127\.0\.0\.1:\d+ to learn which engine it runs after 8 attempts: no answer within 1000 ms \(request timed out\)$/,
      ),
      'hint: check the URL; --engine elasticsearch|opensearch skips the question; --request-timeout waits longer',
    ]);
    const child = spawn(
      process.execPath,
      [
        'bin/lambdalens.mjs',
        'ship',
        ETL,
        '--to',
        es.proxy.url,
        '--engine',
        'elasticsearch',
        '--index-prefix',
        prefix,
        '--request-timeout',
        '1',
      ],
      { cwd: ROOT, env: { PATH: process.env.PATH, HOME: '/nonexistent' } },
    );
    const seen: { at: number; line: string }[] = [];
    const started = Date.now();
    let buffer = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      buffer += chunk;
      const parts = buffer.split('\n');
      buffer = parts.pop() ?? '';
      for (const line of parts) seen.push({ at: Date.now() - started, line });
    });
    try {
      await new Promise<void>((resolve) => {
        const check = setInterval(() => {
          if (
            seen.some((s) => /waiting on Elasticsearch for/.test(s.line)) ||
            Date.now() - started > 25_000
          ) {
            clearInterval(check);
            resolve();
          }
        }, 100);
      });
    } finally {
      child.kill('SIGTERM');
      es.proxy.release();
    }
    // The template check times out first (after 1 s), then each hung bulk request after 1 s.
    const retry = seen.find((s) => s.line.startsWith('lambdalens: retrying'));
    expect(retry?.line).toMatch(
      /^lambdalens: retrying 1,462 documents in \d+\.\d s \(attempt 2\): no answer within 1000 ms \(request timed out\)$/,
    );
    const waiting = seen.find((s) => /waiting on Elasticsearch for/.test(s.line));
    expect(waiting?.line).toMatch(
      /^lambdalens: 0 of 1,462 documents done \(0 docs\/s\)(, [\d,]+ re-sent)?; last retry: no answer within 1000 ms \(request timed out\); waiting on Elasticsearch for \d+ s$/,
    );
    expect(waiting!.at).toBeLessThan(24_000);
  });
});
