/**
 * Where the run's credentials came from, in words, for an error that says AWS refused them:
 * which keys to check or renew (the environment's, a profile's, its role's, its SSO login).
 * Read from what the SDK marks on the credentials it resolves (`$source`); never the keys.
 */
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import type { ResolvedProfile } from './profile.ts';

/** The first feature the SDK marked that names a place, and how that place is said. */
const PLACES: ReadonlyArray<[feature: string, said: (profile: string) => string]> = [
  ['CREDENTIALS_ENV_VARS', () => 'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment'],
  ['CREDENTIALS_PROFILE_SOURCE_PROFILE', (p) => `the role_arn of profile ${p}`],
  ['CREDENTIALS_PROFILE_STS_WEB_ID_TOKEN', (p) => `the web identity token of profile ${p}`],
  [
    'CREDENTIALS_ENV_VARS_STS_WEB_ID_TOKEN',
    () => 'AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN in the environment',
  ],
  ['CREDENTIALS_PROFILE_SSO', (p) => `the SSO login of profile ${p}`],
  ['CREDENTIALS_PROFILE_SSO_LEGACY', (p) => `the SSO login of profile ${p}`],
  ['CREDENTIALS_PROFILE_PROCESS', (p) => `the credential_process of profile ${p}`],
  ['CREDENTIALS_PROFILE_LOGIN', (p) => `the login of profile ${p}`],
  ['CREDENTIALS_PROFILE', (p) => `the keys of profile ${p}`],
  ['CREDENTIALS_HTTP', () => 'the container credentials endpoint'],
  ['CREDENTIALS_IMDS', () => 'the instance metadata service'],
];

export function credentialsSource(credentials: AwsCredentialIdentity, profile: ResolvedProfile): string {
  const marked = (credentials as { $source?: Record<string, unknown> }).$source ?? {};
  const named = `"${profile.name}"${profile.origin === 'default' ? '' : ` (from ${profile.origin})`}`;
  for (const [feature, said] of PLACES) if (feature in marked) return said(named);
  return `profile ${named}`;
}
