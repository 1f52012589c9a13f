/**
 * The SigV4 signer of an Amazon OpenSearch target takes the run's AWS credentials as the AWS
 * log clients do: what the SDK resolves mid-run (a credential_process, an assumed role) is
 * scrubbed from stderr, a profile that gives none is explained, and a role STS does not hand
 * over is named as such. The domain is a local server that answers every request with a 403
 * quoting the request's session token back, as a proxy or a verbose error may.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpoint, uniqueName } from '../integration/aws/helpers.ts';
import { profileFiles, type TokenEchoServer, tokenEchoServer } from '../support/aws-credential-fixtures.ts';
import { runCliAsync } from '../support/cli.ts';

const input = join(import.meta.dirname, '..', '..', 'examples', 'data', 'logs', 'etl-nightly.log');
/** Nothing listens there: a client sent to it fails at once with ECONNREFUSED. */
const DEAD = 'http://127.0.0.1:1';
const ROLE = 'arn:aws:iam::123456789012:role/shipper';
/** What the credential_process prints: a token long enough to be an AWS one, and its secret. */
const PROCESS_TOKEN = 'IQoJb3JpZ2luX2VjEDomainSessionToken/0123456789+abcdefghij==';
const PROCESS_SECRET = 'domainProcessSecret0123456789abcdefABCDEF';

let server: TokenEchoServer;
/** The session tokens the echoing domain was sent, in order. */
let tokensSeen: string[];
let domain: string;
let config: string;
let files: NodeJS.ProcessEnv;

beforeAll(async () => {
  server = await tokenEchoServer(403);
  tokensSeen = server.tokensSeen;
  domain = server.url;
  ({ config, files } = profileFiles(
    'aos-credentials',
    { AccessKeyId: 'ASIAPROCESSKEY000000', SecretAccessKey: PROCESS_SECRET, SessionToken: PROCESS_TOKEN },
    (script) => [
      '[profile process]',
      'region = us-east-1',
      `credential_process = ${script}`,
      '[profile bare]',
      'region = us-east-1',
      '[profile base]',
      'region = us-east-1',
      'aws_access_key_id = AKIABASEKEY000000000',
      'aws_secret_access_key = baseSecretKey0123456789abcdefABCDEFGHIJ',
      '[profile reader]',
      'region = us-east-1',
      `role_arn = ${ROLE}`,
      'source_profile = base',
      '[profile longsession]',
      'region = us-east-1',
      `role_arn = ${ROLE}`,
      'source_profile = base',
      `role_session_name = ${'s'.repeat(65)}`,
    ],
  ));
});

afterAll(() => server.close());

const signed = ['--aws-sigv4', 'es', '--region', 'us-east-1'];

/** `ship` signing with `profile`, which ends as `logs -f` with that profile ends: same code, same words. */
async function shipAsLogsEnds(profile: string, env: NodeJS.ProcessEnv) {
  const ship = await runCliAsync(['ship', input, '--to', domain, ...signed, '--profile', profile], env);
  const logs = await runCliAsync(['logs', '-f', uniqueName(profile), '--profile', profile], {
    ...env,
    AWS_ENDPOINT_URL: endpoint(),
  });
  expect(logs.code).toBe(ship.code);
  expect(ship.stderr).toBe(logs.stderr);
  return ship;
}

describe('SigV4 to Amazon OpenSearch signs with the run’s AWS credentials', () => {
  it("ship and cost: a credential_process's session token, quoted back by the domain, is ***", async () => {
    const echoed = 'HTTP 403: request signed with session token ***';
    tokensSeen.length = 0;
    const ship = await runCliAsync(['ship', input, '--to', domain, ...signed, '--profile', 'process'], files);
    // The domain was sent the process's token: it had a token to quote.
    expect(tokensSeen).toEqual([PROCESS_TOKEN]);
    expect(ship.code).toBe(1);
    expect(ship.stderr).toBe(
      `lambdalens: cannot reach ${domain} to learn which engine it runs: ${echoed}\n` +
        'hint: check the URL; --engine elasticsearch|opensearch skips the question; --request-timeout waits longer\n',
    );

    tokensSeen.length = 0;
    const cost = await runCliAsync(
      ['cost', '--source', 'elasticsearch', '--es-url', domain, ...signed, '--profile', 'process'],
      files,
    );
    expect(tokensSeen).toEqual([PROCESS_TOKEN]);
    expect(cost.code).toBe(1);
    // cost asks which engine the domain runs as ship does, and says so in ship's words, its
    // --request-timeout with them.
    expect(cost.stderr).toBe(
      `lambdalens: cannot reach ${domain} to learn which engine it runs: ${echoed}\n` +
        'hint: check the URL; --engine elasticsearch|opensearch skips the question; --request-timeout waits longer\n',
    );
  });

  it('a profile without credentials is explained as logs -f explains it, exit 2', async () => {
    tokensSeen.length = 0;
    const ship = await shipAsLogsEnds('bare', files);
    expect(ship.code).toBe(2);
    expect(ship.stderr).toBe(
      `lambdalens: No AWS credentials from profile "bare" (named by --profile; it is in ${config}): ` +
        'it has no keys (aws_access_key_id, aws_secret_access_key), no role_arn, no sso_session and no credential_process\n' +
        'hint: `aws configure --profile bare` adds keys to it, `aws configure sso --profile bare` an IAM Identity Center login\n',
    );
    // Nothing was sent unsigned.
    expect(tokensSeen).toEqual([]);
  });

  it('a role STS does not hand over is named as such', async () => {
    const ship = await runCliAsync(['ship', input, '--to', domain, ...signed, '--profile', 'reader'], {
      ...files,
      AWS_ENDPOINT_URL_STS: DEAD,
    });
    expect(ship.code).toBe(1);
    expect(ship.stderr).toBe(
      `lambdalens: assuming role ${ROLE} (role_arn of profile "reader") failed: cannot reach STS at ${DEAD}: ` +
        'connect ECONNREFUSED 127.0.0.1:1\n' +
        "hint: STS's endpoint was set by AWS_ENDPOINT_URL_STS: check it, and the network\n",
    );
  });

  it("a role STS refuses is the profile's to fix: exit 2, as logs -f says it", async () => {
    const ship = await shipAsLogsEnds('longsession', { ...files, AWS_ENDPOINT_URL_STS: endpoint() });
    expect(ship.code).toBe(2);
    expect(ship.stderr.split('\n')[0]).toBe(
      `lambdalens: assuming role ${ROLE} (role_arn of profile "longsession") failed: STS at ${endpoint()} ` +
        `answered ValidationError: 1 validation error detected: Value '${'s'.repeat(65)}' at 'roleSessionName' ` +
        'failed to satisfy constraint: Member must have length less than or  equal to 64',
    );
  });
});
