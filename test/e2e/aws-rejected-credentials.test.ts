/**
 * A service that refuses the run's keys themselves (unknown, mistyped, expired) ends the run
 * with 2, as a profile that gives no credentials and a role STS refuses do: nothing works
 * until the keys change. The message names where the keys came from, never the keys.
 *
 * The service is a local server answering as CloudWatch and Lambda do: moto checks keys only
 * once its authentication is switched on for the whole server, which the other runs sharing
 * it would then fail on.
 */

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServer, listenLocally } from '../support/aws-credential-fixtures.ts';
import { runCliAsync } from '../support/cli.ts';

const KEY_ID = 'AKIAREJECTEDKEY00000';
const SECRET = 'rejectedSecret0123456789abcdefABCDEFGHIJ';

/** Answers every request with `code`, as AWS's JSON services write an error. */
async function refusingServer(code: string): Promise<LocalServer> {
  return listenLocally((req, res) => {
    req.resume();
    res.writeHead(code === 'InvalidSignatureException' ? 403 : 400, {
      'content-type': 'application/x-amz-json-1.1',
      'x-amzn-errortype': code,
    });
    const message =
      code === 'InvalidSignatureException'
        ? 'The request signature we calculated does not match the signature you provided.'
        : 'The security token included in the request is invalid.';
    res.end(JSON.stringify({ __type: code, message }));
  });
}

let unrecognized: LocalServer;
let badSignature: LocalServer;
beforeAll(async () => {
  unrecognized = await refusingServer('UnrecognizedClientException');
  badSignature = await refusingServer('InvalidSignatureException');
});
afterAll(async () => {
  await unrecognized.close();
  await badSignature.close();
});

describe('keys a service refuses', () => {
  it('from the environment: exit 2, naming the variables, not their values', async () => {
    const r = await runCliAsync(
      ['logs', '--log-group', '/aws/lambda/rejected', '--since', '1h', '--endpoint-url', unrecognized.url],
      { AWS_ACCESS_KEY_ID: KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET, AWS_REGION: 'us-east-1' },
    );
    expect(r.stderr).toBe(
      'lambdalens: AWS refused the credentials from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment for logs:FilterLogEvents: UnrecognizedClientException: The security token included in the request is invalid.\n' +
        'hint: check that the credentials from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment are current and belong to an account this endpoint knows (renew them if they expired)\n',
    );
    expect(r.code).toBe(2);
  });

  it("from a profile's keys: exit 2, naming the profile", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lambdalens-rejected-'));
    writeFileSync(join(dir, 'config'), '[profile team]\nregion = us-east-1\n');
    writeFileSync(
      join(dir, 'credentials'),
      `[team]\naws_access_key_id = ${KEY_ID}\naws_secret_access_key = ${SECRET}\n`,
    );
    const r = await runCliAsync(
      ['functions', 'rejected-fn', '--profile', 'team', '--endpoint-url', badSignature.url],
      {
        AWS_CONFIG_FILE: join(dir, 'config'),
        AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
      },
    );
    expect(r.stderr).toBe(
      'lambdalens: AWS refused the credentials from the keys of profile "team" (from --profile) for lambda:GetFunctionConfiguration: InvalidSignatureException: The request signature we calculated does not match the signature you provided.\n' +
        'hint: check that the credentials from the keys of profile "team" (from --profile) are current and belong to an account this endpoint knows (renew them if they expired)\n',
    );
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain(SECRET);
    expect(r.stderr).not.toContain(KEY_ID.slice(4));
  });
});
