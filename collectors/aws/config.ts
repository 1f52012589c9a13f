/**
 * Client configuration shared by every AWS client lambdalens builds, following the AWS
 * CLI's conventions: `--profile` (or AWS_PROFILE), `--region` (or AWS_REGION, or the
 * profile's), `--endpoint-url` (or the configured endpoints: AWS_ENDPOINT_URL_<SERVICE>,
 * AWS_ENDPOINT_URL, the profile's `services` section and `endpoint_url`), with credentials
 * from the standard chain. Retries are left to the collectors (`maxAttempts: 1`) so every
 * attempt passes through the shared rate limiter.
 */

import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { type CredentialsObserver, runCredentials } from './credentials.ts';
import { credentialsSource } from './credentials-source.ts';
import { type AwsService, resolveEndpoint } from './endpoints.ts';
import type { AwsSettingOrigins } from './origins.ts';
import { readRunProfile, settingWhere } from './profile.ts';
import { resolveRegion } from './region.ts';
import type { SharedFilesOption } from './shared-config.ts';

export type { AwsService } from './endpoints.ts';

export interface AwsConnectionOptions extends SharedFilesOption {
  region?: string | undefined;
  profile?: string | undefined;
  /** Like the AWS CLI's `--endpoint-url`: wins over every configured endpoint. */
  endpointUrl?: string | undefined;
  /** SDK attempts per call; 1 by default because the collectors retry through the limiter. */
  maxAttempts?: number | undefined;
  /** How long to wait for a TCP connection, default 3 s: an unreachable endpoint fails fast. */
  connectTimeoutMs?: number | undefined;
  /** Told of the credentials the SDK resolves, when it resolves them (the CLI scrubs them from its output). */
  onCredentials?: CredentialsObserver | undefined;
  /**
   * The run's provider, when another part of the run (the SigV4 signer of a search target)
   * signs with it too: one chain, resolved once. Otherwise one is made here.
   */
  credentials?: AwsCredentialIdentityProvider | undefined;
}

export interface AwsClientConfig {
  region?: string;
  profile?: string;
  endpoint?: string;
  /** Resolved on the first signed request, never before (see credentials.ts). */
  credentials: AwsCredentialIdentityProvider;
  maxAttempts: number;
  /** StartLiveTail prefixes the host with `streaming-`; a local endpoint has no such host. */
  disableHostPrefix?: boolean;
  /**
   * Always set: the endpoint is resolved here, for the profile the run uses. Left to itself
   * the SDK would read `endpoint_url` from AWS_PROFILE's profile (or `default`) even when
   * the client is given another one, and send that profile's keys elsewhere.
   */
  ignoreConfiguredEndpointUrls: true;
  /** Options of the SDK's Node HTTP handler. */
  requestHandler: { connectionTimeout: number };
}

/**
 * One configuration per client, the Region they share (undefined when nothing sets one), and
 * where the Region and each endpoint came from.
 */
export type AwsClientConfigs = Record<AwsService, AwsClientConfig> & {
  region: string | undefined;
  origins: AwsSettingOrigins;
};

/** Connections take milliseconds when the endpoint is up; waiting longer only delays the error. */
const CONNECT_TIMEOUT_MS = 3000;

/** Builds the config objects passed to `new XxxClient(...)`; every setting is checked here. */
export function awsClientConfigs(
  options: AwsConnectionOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): AwsClientConfigs {
  const run = readRunProfile(options.profile, env, options.sharedFiles?.());
  const { files, profile } = run;
  const regionOrigin = resolveRegion(options.region, env, profile.settings.region, () =>
    settingWhere('region', profile.name, files),
  );
  const region = regionOrigin?.value;
  const origins: AwsSettingOrigins = { region: regionOrigin, endpoints: {} };
  // One provider for every client: the chain runs once, and once more per refresh.
  const credentials =
    options.credentials ??
    runCredentials(run, { endpointUrl: options.endpointUrl, onResolved: options.onCredentials }, env);
  const base: AwsClientConfig = {
    // Where they came from is kept, for a service that refuses them to name.
    credentials: async (properties) => {
      const resolved = await credentials(properties);
      origins.credentials = credentialsSource(resolved, profile);
      return resolved;
    },
    maxAttempts: options.maxAttempts ?? 1,
    ignoreConfiguredEndpointUrls: true,
    requestHandler: { connectionTimeout: options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS },
  };
  if (region) base.region = region;
  if (options.profile !== undefined) base.profile = options.profile;
  const forService = (service: AwsService): AwsClientConfig => {
    const endpoint = resolveEndpoint(service, options.endpointUrl, env, profile, files);
    if (!endpoint) return { ...base };
    origins.endpoints[service] = endpoint;
    return { ...base, endpoint: endpoint.value, disableHostPrefix: true };
  };
  return {
    region,
    origins,
    logs: forService('logs'),
    lambda: forService('lambda'),
    xray: forService('xray'),
  };
}

/** Region and account from an ARN (`arn:aws:lambda:us-east-1:123456789012:function:f`). */
export function parseArn(
  arn: string,
): { partition: string; service: string; region: string; accountId: string; resource: string } | null {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return null;
  return {
    partition: parts[1]!,
    service: parts[2]!,
    region: parts[3]!,
    accountId: parts[4]!,
    resource: parts.slice(5).join(':'),
  };
}
