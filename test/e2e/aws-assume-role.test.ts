/**
 * A profile's role_arn that STS does not hand over is reported as that, not as a failure of
 * the Lambda or Logs call that needed the credentials: the role, the profile that names it,
 * STS's error code and the endpoint STS was asked at, with a hint about STS. A refusal is the
 * profile's to fix, exit 2 (as a credential_process that gives none); STS out of reach, exit 1.
 * STS is moto's (which refuses a role session name over 64 characters), a closed port, or a
 * local server answering AccessDenied as STS does; Lambda and Logs are moto's.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFunction, endpoint, functionWithInvocation, uniqueName } from '../integration/aws/helpers.ts';
import { type LocalServer, listenLocally } from '../support/aws-credential-fixtures.ts';
import { runCliAsync } from '../support/cli.ts';

/** Nothing listens there: a client sent to it fails at once with ECONNREFUSED. */
const DEAD = 'http://127.0.0.1:1';
const ROLE = 'arn:aws:iam::123456789012:role/reader';
const OUTER = 'arn:aws:iam::123456789012:role/outer';
const LONG_SESSION = 's'.repeat(65);

/** What STS answers a caller its policy does not allow, in its query-protocol form. */
const DENIED_XML =
  '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>' +
  '<Code>AccessDenied</Code><Message>User: arn:aws:iam::123456789012:user/base is not authorized to perform: ' +
  `sts:AssumeRole on resource: ${ROLE}</Message></Error><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ErrorResponse>`;

let denying: LocalServer;
let denyingUrl: string;
let config: string;
let env: NodeJS.ProcessEnv;
let fn: string;

beforeAll(async () => {
  denying = await listenLocally((req, res) => {
    req.resume();
    res.writeHead(403, { 'content-type': 'text/xml' });
    res.end(DENIED_XML);
  });
  denyingUrl = denying.url;

  const dir = mkdtempSync(join(tmpdir(), 'lambdalens-assume-role-'));
  config = join(dir, 'config');
  writeFileSync(
    config,
    [
      '[profile base]',
      'region = us-east-1',
      'aws_access_key_id = testing',
      'aws_secret_access_key = testing',
      '[profile reader]',
      'region = us-east-1',
      `role_arn = ${ROLE}`,
      'source_profile = base',
      '[profile outer]',
      'region = us-east-1',
      `role_arn = ${OUTER}`,
      'source_profile = reader',
      '[profile longsession]',
      'region = us-east-1',
      `role_arn = ${ROLE}`,
      'source_profile = base',
      `role_session_name = ${LONG_SESSION}`,
      '[profile sent]',
      'region = us-east-1',
      `role_arn = ${ROLE}`,
      'source_profile = base',
      `endpoint_url = ${DEAD}`,
      '[profile serviced]',
      'region = us-east-1',
      `role_arn = ${ROLE}`,
      'source_profile = base',
      'services = dead-sts',
      '[services dead-sts]',
      'sts =',
      `  endpoint_url = ${DEAD}`,
      '',
    ].join('\n'),
  );
  // Lambda and Logs are moto's; STS is set by each test.
  env = {
    AWS_CONFIG_FILE: config,
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
    AWS_ENDPOINT_URL_LAMBDA: endpoint(),
    AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: endpoint(),
  };
  fn = uniqueName('assume');
  await createFunction(fn);
});

afterAll(() => denying.close());

describe('a role STS hands over', () => {
  it('--endpoint-url is where STS is asked too, as every other client is sent there', async () => {
    const name = uniqueName('assumed');
    const id = '44444444-4444-4444-8444-444444444444';
    const group = await functionWithInvocation(name, id);
    // No endpoint in the environment nor in the profile: only the flag names moto.
    const r = await runCliAsync(
      [
        'logs',
        '-f',
        name,
        '--since',
        '10m',
        '-o',
        'ndjson',
        '--profile',
        'reader',
        '--endpoint-url',
        endpoint(),
      ],
      { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: env.AWS_SHARED_CREDENTIALS_FILE },
    );
    expect(r.stderr).toMatch(
      /^lambdalens: 1 invocation \(1 success\) from 1 function, 0 cold starts, \S+ → \S+\n$/,
    );
    expect(r.code).toBe(0);
    const invocations = r.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(invocations.map((i) => [i.requestId, i.status, i.functionName, i.logGroup])).toEqual([
      [id, 'success', name, group],
    ]);
  });
});

describe('a role STS does not hand over', () => {
  it('STS unreachable: the role, the profile, the endpoint and the variable that set it, not the Lambda endpoint', async () => {
    for (const args of [
      ['functions', fn, '--profile', 'reader'],
      ['logs', '-f', fn, '--since', '10m', '--profile', 'reader'],
    ]) {
      const r = await runCliAsync(args, { ...env, AWS_ENDPOINT_URL_STS: DEAD });
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        `lambdalens: assuming role ${ROLE} (role_arn of profile "reader") failed: cannot reach STS at ${DEAD}: ` +
          'connect ECONNREFUSED 127.0.0.1:1\n' +
          "hint: STS's endpoint was set by AWS_ENDPOINT_URL_STS: check it, and the network\n",
      );
    }
  });

  it('what set the endpoint STS was asked at is named: --endpoint-url, or where in the config file', async () => {
    const cases = [
      [['--profile', 'reader', '--endpoint-url', DEAD], 'reader', '--endpoint-url'],
      [['--profile', 'sent'], 'sent', `endpoint_url of profile "sent" in ${config}`],
      [['--profile', 'serviced'], 'serviced', `sts.endpoint_url of [services dead-sts] in ${config}`],
    ] as const;
    for (const [flags, profile, source] of cases) {
      const r = await runCliAsync(['functions', fn, ...flags], env);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        `lambdalens: assuming role ${ROLE} (role_arn of profile "${profile}") failed: cannot reach STS at ${DEAD}: ` +
          'connect ECONNREFUSED 127.0.0.1:1\n' +
          `hint: STS's endpoint was set by ${source}: check it, and the network\n`,
      );
    }
  });

  it('through a chain of roles: the role that failed is named with the profile that holds it', async () => {
    const r = await runCliAsync(['functions', fn], { ...env, AWS_PROFILE: 'outer', AWS_ENDPOINT_URL: DEAD });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `lambdalens: assuming role ${ROLE} (role_arn of profile "reader") failed: cannot reach STS at ${DEAD}: ` +
        'connect ECONNREFUSED 127.0.0.1:1\n' +
        "hint: STS's endpoint was set by AWS_ENDPOINT_URL: check it, and the network\n",
    );
  });

  it("STS refuses (moto): its error code and message, and the settings to check, exit 2 as the profile's to fix", async () => {
    const r = await runCliAsync(['functions', fn, '--profile', 'longsession'], {
      ...env,
      AWS_ENDPOINT_URL_STS: endpoint(),
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `lambdalens: assuming role ${ROLE} (role_arn of profile "longsession") failed: STS at ${endpoint()} ` +
        `answered ValidationError: 1 validation error detected: Value '${LONG_SESSION}' at 'roleSessionName' ` +
        'failed to satisfy constraint: Member must have length less than or  equal to 64\n' +
        'hint: check role_arn and the other assume-role settings (role_session_name, duration_seconds, ' +
        `external_id) of profile "longsession" in ${config}\n`,
    );
  });

  it("STS denies: access denied for sts:AssumeRole on the role, not for the Lambda or Logs action, exit 2 as the profile's to fix", async () => {
    for (const args of [
      ['functions', fn, '--profile', 'reader'],
      ['logs', '-f', fn, '--since', '10m', '--profile', 'reader'],
    ]) {
      const r = await runCliAsync(args, { ...env, AWS_ENDPOINT_URL_STS: denyingUrl });
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        `lambdalens: assuming role ${ROLE} (role_arn of profile "reader") failed: STS at ${denyingUrl} answered ` +
          'AccessDenied: User: arn:aws:iam::123456789012:user/base is not authorized to perform: ' +
          `sts:AssumeRole on resource: ${ROLE}\n` +
          `hint: the credentials of source_profile "base" must be allowed sts:AssumeRole on ${ROLE}, ` +
          "and the role's trust policy must trust them\n",
      );
    }
  });
});
