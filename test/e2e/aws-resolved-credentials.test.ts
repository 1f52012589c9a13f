/**
 * Credentials the AWS SDK resolves only mid-run, from a profile's credential_process or by
 * assuming its role_arn (real STS calls to moto), are scrubbed from everything the CLI
 * prints, as those of the files and the environment are. The Lambda endpoint is a local
 * server that answers every call with an error quoting the request's session token back:
 * a real service rarely does, but a proxy or a verbose error may.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpoint, uniqueName } from '../integration/aws/helpers.ts';
import { profileFiles, type TokenEchoServer, tokenEchoServer } from '../support/aws-credential-fixtures.ts';
import { runCliAsync } from '../support/cli.ts';

/** What the credential_process prints: a token long enough to be an AWS one, and its secret. */
const PROCESS_TOKEN = 'IQoJb3JpZ2luX2VjEProcessSessionToken/0123456789+abcdefghij==';
const PROCESS_SECRET = 'processSecretKey0123456789abcdefABCDEFGH';

let server: TokenEchoServer;
/** The session tokens the echoing endpoint was sent, in order. */
let tokensSeen: string[];
let files: NodeJS.ProcessEnv;

beforeAll(async () => {
  server = await tokenEchoServer(400, { 'x-amzn-errortype': 'InvalidParameterValueException' });
  tokensSeen = server.tokensSeen;
  const echoUrl = server.url;
  ({ files } = profileFiles(
    'resolved-credentials',
    { AccessKeyId: 'ASIAPROCESSKEY000000', SecretAccessKey: PROCESS_SECRET, SessionToken: PROCESS_TOKEN },
    (script) => [
      '[profile process]',
      'region = us-east-1',
      `credential_process = ${script}`,
      `endpoint_url = ${echoUrl}`,
      '[profile base]',
      'region = us-east-1',
      'aws_access_key_id = AKIABASEKEY000000000',
      'aws_secret_access_key = baseSecretKey0123456789abcdefABCDEFGHIJ',
      '[profile reader]',
      'region = us-east-1',
      'role_arn = arn:aws:iam::123456789012:role/reader',
      'source_profile = base',
      `endpoint_url = ${echoUrl}`,
    ],
  ));
});

afterAll(() => server.close());

describe('credentials the SDK resolves mid-run are never printed', () => {
  it("a credential_process's session token, quoted back in a service error", async () => {
    tokensSeen.length = 0;
    const fn = uniqueName('resolved');
    const r = await runCliAsync(['functions', fn, '--profile', 'process'], files);
    // The endpoint was sent the process's token: it had a token to quote.
    expect(tokensSeen).toEqual([PROCESS_TOKEN]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'lambdalens: lambda:GetFunctionConfiguration failed: InvalidParameterValueException: ' +
        'request signed with session token ***\n',
    );
  });

  it("an assumed role's session token from STS, for a profile named by AWS_PROFILE", async () => {
    tokensSeen.length = 0;
    const fn = uniqueName('resolved');
    // STS is moto's; the Lambda endpoint, the profile's, echoes.
    const r = await runCliAsync(['logs', '-f', fn], {
      ...files,
      AWS_PROFILE: 'reader',
      AWS_ENDPOINT_URL_STS: endpoint(),
    });
    expect(tokensSeen).toHaveLength(1);
    const token = tokensSeen[0]!;
    // Long enough to be an STS token (moto's are hundreds of characters).
    expect(token.length).toBeGreaterThan(100);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'lambdalens: lambda:GetFunctionConfiguration failed: InvalidParameterValueException: ' +
        'request signed with session token ***\n',
    );
  });
});
