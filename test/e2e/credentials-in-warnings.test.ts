/**
 * Credentials a server echoes into what a command says while it runs — a retry notice, a
 * note — not only into the error that ends it: the run goes on and finishes, the warning is
 * printed, and the credentials are in it in none of their forms. Elasticsearch behind a
 * proxy that refuses a few requests with a body quoting the Authorization header (`ship`,
 * `cost --source elasticsearch`), and moto behind a proxy whose Lambda answer quotes the
 * request's signature and session token (`cost --function`).
 *
 * The proxies are local HTTP servers: a real cluster or AWS never echoes credentials.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createFunction,
  createGroup,
  endpoint,
  logsClient,
  putEvents,
  uniqueName,
} from '../integration/aws/helpers.ts';
import { DAY, day, lines, reportsFor } from '../integration/cost-aws-fixtures.ts';
import { type FaultProxy, type ProxiedRequest, startFaultProxy } from '../services/fault-proxy.ts';
import { runCliAsync as runCli } from '../support/cli.ts';
import { useShipperEs } from '../support/shipper-es.ts';

const ETL = join(
  fileURLToPath(new URL('../..', import.meta.url)),
  'examples',
  'data',
  'logs',
  'etl-nightly.log',
);

const base64 = (text: string) => Buffer.from(text).toString('base64');

const USER = 'alice';
const PASSWORD = 'Echoed-Pw-7f3a';
/** Every form of the basic-auth credentials a proxy may quote. */
const FORBIDDEN_BASIC = [PASSWORD, `${USER}:${PASSWORD}`, base64(`${USER}:${PASSWORD}`)];

/** An answer that refuses a request, quoting its Authorization header raw and decoded. */
function busyEchoing(status: number, req: ProxiedRequest) {
  const header = String(req.headers.authorization ?? '');
  const decoded = Buffer.from(header.split(' ')[1] ?? '', 'base64').toString('utf8');
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-elastic-product': 'Elasticsearch' },
    body: JSON.stringify({
      error: {
        type: 'es_rejected_execution_exception',
        reason: `busy: rejected ${decoded} (password ${decoded.slice(decoded.indexOf(':') + 1)}, Authorization: ${header})`,
      },
      status,
    }),
  };
}

/** Refuses the next `count` requests whose path has `part`, then lets everything through. */
function refuseSome(proxy: FaultProxy, part: string, status: number, count: number): void {
  let left = count;
  proxy.intercept((req) => {
    if (left === 0 || !req.path.includes(part)) return null;
    left--;
    return busyEchoing(status, req);
  });
}

function expectNoneOf(forbidden: string[], said: string): void {
  for (const secret of forbidden) expect(said).not.toContain(secret);
}

describe('credentials a server echoes into warnings during a run', { timeout: 120_000 }, () => {
  const es = useShipperEs();

  afterAll(() => es.proxy.intercept(null));

  it('ship: the retry notices quote the refusal, scrubbed, and the run finishes', async () => {
    const prefix = await es.fresh('echo-ship');
    refuseSome(es.proxy, '/_bulk', 429, 2);
    const url = `http://${USER}:${PASSWORD}@${es.proxy.url.slice('http://'.length)}`;
    const r = await runCli(['ship', ETL, '--to', url, '--index-prefix', prefix], {});
    expect(r.code, r.stderr).toBe(0);
    const retries = r.stderr.split('\n').filter((l) => l.includes('retrying'));
    expect(retries).toHaveLength(2);
    for (const line of retries) {
      expect(line).toMatch(
        /^lambdalens: retrying 1,462 documents in \d+\.\d s \(attempt [23]\): HTTP 429 es_rejected_execution_exception: busy: rejected \*\*\* \(password \*\*\*, Authorization: Basic \*\*\*\)$/,
      );
    }
    expect(r.stderr).toContain('lambdalens: 1462 documents: 1462 written');
    expectNoneOf(FORBIDDEN_BASIC, r.stdout + r.stderr);
  });

  it('cost --source elasticsearch: a busy cluster is retried, said, scrubbed, and the report made', async () => {
    const prefix = await es.fresh('echo-cost');
    const shipped = await runCli(['ship', ETL, '--to', es.proxy.url, '--index-prefix', prefix], {});
    expect(shipped.code).toBe(0);
    await es.client.request({ method: 'POST', path: `/${prefix}-*/_refresh` });
    refuseSome(es.proxy, '/_search', 503, 2);
    const url = `http://${USER}:${PASSWORD}@${es.proxy.url.slice('http://'.length)}`;
    const r = await runCli(
      [
        'cost',
        '--source',
        'elasticsearch',
        '--es-url',
        url,
        '--index-prefix',
        prefix,
        '--arch',
        'x86_64',
        '--output',
        'json',
      ],
      {},
    );
    expect(r.code, r.stderr).toBe(0);
    const retries = r.stderr.split('\n').filter((l) => l.includes('retrying'));
    expect(retries).toHaveLength(2);
    retries.forEach((line, i) => {
      expect(line).toMatch(
        new RegExp(
          `^lambdalens: ${es.proxy.url.replaceAll('.', '\\.')} answered HTTP 503: es_rejected_execution_exception: busy: rejected \\*\\*\\* \\(password \\*\\*\\*, Authorization: Basic \\*\\*\\*\\); retrying in \\d+\\.\\d s \\(attempt ${i + 2} of 6\\)$`,
        ),
      );
    });
    const report = JSON.parse(r.stdout) as { functions: { functionName: string; invocations: number }[] };
    expect(report.functions.map((f) => [f.functionName, f.invocations])).toEqual([['etl-nightly', 133]]);
    expectNoneOf(FORBIDDEN_BASIC, r.stdout + r.stderr);
  });
});

describe('AWS credentials a server echoes into a note during a run', { timeout: 120_000 }, () => {
  // Shaped like the real thing and long enough to be one (see MIN_AWS_SECRET).
  const SECRET_KEY = 'EchoedSecretKey/0123456789abcdefghijklmnop';
  const SESSION_TOKEN = 'EchoedSessionToken//0123456789+abcdefghijklmnopqrstuvwxyz==';
  const FILE_TOKEN = 'EchoedFileToken//9876543210+zyxwvutsrqponmlkjihgfedcba==';
  const fn = uniqueName('echo-pc');
  const d0 = Math.floor(Date.now() / DAY) * DAY - 3 * DAY;
  let proxy: FaultProxy;
  let tmp: string;

  beforeAll(async () => {
    await createFunction(fn, { MemorySize: 512 });
    const logs = logsClient();
    const stream = '2026/01/01/[$LATEST]abc';
    await createGroup(logs, `/aws/lambda/${fn}`, [stream]);
    await putEvents(logs, `/aws/lambda/${fn}`, stream, lines(reportsFor(1, d0, false)));
    proxy = await startFaultProxy(endpoint());
    // Lambda's answer to ListProvisionedConcurrencyConfigs quotes the request's credentials.
    proxy.intercept((req) => {
      if (!req.path.includes('/provisioned-concurrency')) return null;
      return {
        status: 400,
        headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'InvalidParameterValueException' },
        body: JSON.stringify({
          Type: 'User',
          message: `cannot list for token ${req.headers['x-amz-security-token']} (${req.headers.authorization})`,
        }),
      };
    });
    tmp = mkdtempSync(join(tmpdir(), 'echo-aws-'));
  });

  afterAll(async () => {
    await proxy.close();
  });

  const cost = (env: NodeJS.ProcessEnv) =>
    runCli(
      [
        'cost',
        '--function',
        fn,
        '--source',
        'filter-log-events',
        '--from',
        day(d0),
        '--to',
        day(d0 + 2 * DAY),
        '--output',
        'json',
      ],
      { AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: proxy.url, ...env },
    );

  /** The one note the run prints, the echoed token scrubbed; and the report made. */
  function expectScrubbedNote(r: { code: number | null; stdout: string; stderr: string }): void {
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      new RegExp(
        `^lambdalens: note: provisioned concurrency of ${fn} could not be read \\(lambda:ListProvisionedConcurrencyConfigs failed: InvalidParameterValueException: cannot list for token \\*\\*\\* \\(AWS4-HMAC-SHA256 Credential=[^)]*\\)\\): its standing charge comes from provisionedConcurrency in --config only\\n$`,
      ),
    );
    const report = JSON.parse(r.stdout) as { functions: { functionName: string; invocations: number }[] };
    expect(report.functions.map((f) => [f.functionName, f.invocations])).toEqual([[fn, 12]]);
  }

  it('from the environment', async () => {
    const r = await cost({
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: SECRET_KEY,
      AWS_SESSION_TOKEN: SESSION_TOKEN,
    });
    expectScrubbedNote(r);
    const said = r.stdout + r.stderr;
    for (const secret of [SECRET_KEY, SESSION_TOKEN, encodeURIComponent(SESSION_TOKEN)])
      expect(said).not.toContain(secret);
  });

  it('from a profile of the credentials file', async () => {
    const file = join(tmp, 'credentials');
    writeFileSync(
      file,
      `[default]\naws_access_key_id = other\naws_secret_access_key = unused-but-long-enough-0123\n\n[echo]\naws_access_key_id = testing\naws_secret_access_key = ${SECRET_KEY}\naws_session_token = ${FILE_TOKEN}\n`,
    );
    const r = await cost({ AWS_SHARED_CREDENTIALS_FILE: file, AWS_PROFILE: 'echo' });
    expectScrubbedNote(r);
    const said = r.stdout + r.stderr;
    for (const secret of [SECRET_KEY, FILE_TOKEN, encodeURIComponent(FILE_TOKEN)])
      expect(said).not.toContain(secret);
  });
});
