/**
 * The credential provider every AWS client of a run shares: asked only when a request is
 * signed, what it resolves told to the scrubber first, and a chain that found nothing
 * explained by the profile the run uses.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { awsClientConfigs } from '../../collectors/aws/config.ts';
import { watchedCredentials } from '../../collectors/aws/credentials.ts';
import { MissingCredentialsError } from '../../collectors/aws/errors.ts';

const RESOLVED: AwsCredentialIdentity = {
  accessKeyId: 'ASIARESOLVED00000000',
  secretAccessKey: 'resolvedSecret0123456789abcdef',
  sessionToken: 'resolvedToken0123456789abcdef',
};

/** What the SDK's chain throws when no link gave credentials. */
function noCredentials(): Error {
  return Object.assign(new Error('Could not load credentials from any providers'), {
    name: 'CredentialsProviderError',
  });
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('the credentials a run resolves', () => {
  it('are resolved only when asked, and told to the observer before the client gets them', async () => {
    const told: AwsCredentialIdentity[] = [];
    let asked = 0;
    const provider = watchedCredentials(
      async () => {
        asked++;
        return RESOLVED;
      },
      (c) => told.push(c),
      () => new Error('unused'),
    );
    expect(asked).toBe(0);
    expect(await provider()).toBe(RESOLVED);
    expect(asked).toBe(1);
    expect(told).toEqual([RESOLVED]);
  });

  it('a chain that found nothing is explained; any other failure passes as it is', async () => {
    const explained = new Error('explained');
    const none = watchedCredentials(
      async () => Promise.reject(noCredentials()),
      undefined,
      () => explained,
    );
    await expect(none()).rejects.toBe(explained);
    const refused = Object.assign(new Error('not authorized to assume the role'), { name: 'AccessDenied' });
    const sts = watchedCredentials(
      async () => Promise.reject(refused),
      undefined,
      () => explained,
    );
    await expect(sts()).rejects.toBe(refused);
  });

  it('building the clients of a profile that has no credentials does not fail: only signing would', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aws-credentials-'));
    writeFileSync(join(dir, 'config'), '[profile bare]\nregion = us-east-1\n');
    const env = {
      AWS_CONFIG_FILE: join(dir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
    };
    // The SDK reads the files named by the process's own environment.
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    const told: AwsCredentialIdentity[] = [];
    const configs = awsClientConfigs({ profile: 'bare', onCredentials: (c) => told.push(c) }, env);
    expect(told).toEqual([]);
    const failure = await configs.lambda.credentials().catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(MissingCredentialsError);
    expect((failure as MissingCredentialsError).message).toBe(
      `No AWS credentials from profile "bare" (named by --profile; it is in ${env.AWS_CONFIG_FILE}): ` +
        'it has no keys (aws_access_key_id, aws_secret_access_key), no role_arn, no sso_session and no credential_process',
    );
    // The same provider for every client: the chain runs once for all three.
    expect(configs.logs.credentials).toBe(configs.lambda.credentials);
  });
});
