/**
 * Client configuration shared by every AWS client lambdalens builds, following the AWS
 * CLI's conventions: `--profile` (or AWS_PROFILE, checked against the shared files),
 * `--region`, `--endpoint-url` and `AWS_ENDPOINT_URL`, with credentials from the standard
 * chain. Retries are left to the collectors (`maxAttempts: 1`)
 * so every attempt passes through the shared rate limiter.
 */

import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { ConfigError } from '../kernel/index.ts';
import { resolveProfile } from './profile.ts';
import { readSharedConfigFiles } from './shared-config.ts';

export interface AwsConnectionOptions {
  region?: string | undefined;
  profile?: string | undefined;
  /** Like the AWS CLI's `--endpoint-url`; falls back to `AWS_ENDPOINT_URL`. */
  endpointUrl?: string | undefined;
  /** SDK attempts per call; 1 by default because the collectors retry through the limiter. */
  maxAttempts?: number | undefined;
  /** How long to wait for a TCP connection, default 3 s: an unreachable endpoint fails fast. */
  connectTimeoutMs?: number | undefined;
}

export interface AwsClientConfig {
  region?: string;
  profile?: string;
  endpoint?: string;
  credentials?: AwsCredentialIdentityProvider;
  maxAttempts: number;
  /** StartLiveTail prefixes the host with `streaming-`; a local endpoint has no such host. */
  disableHostPrefix?: boolean;
  /** Options of the SDK's Node HTTP handler. */
  requestHandler: { connectionTimeout: number };
}

/** Connections take milliseconds when the endpoint is up; waiting longer only delays the error. */
const CONNECT_TIMEOUT_MS = 3000;

export class AwsConfigError extends ConfigError {
  constructor(message: string) {
    super(message);
    this.name = 'AwsConfigError';
  }
}

/** Builds the config object passed to `new XxxClient(...)`. */
export function awsClientConfig(
  options: AwsConnectionOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): AwsClientConfig {
  // A profile named by --profile or AWS_PROFILE must exist before anything asks it for keys.
  resolveProfile(options.profile, env, readSharedConfigFiles(env));
  const config: AwsClientConfig = {
    maxAttempts: options.maxAttempts ?? 1,
    requestHandler: { connectionTimeout: options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS },
  };
  const region = options.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (region) config.region = region;
  if (options.profile) {
    config.profile = options.profile;
    config.credentials = fromNodeProviderChain({ profile: options.profile });
  }
  const endpoint = options.endpointUrl ?? env.AWS_ENDPOINT_URL;
  if (endpoint) {
    try {
      const url = new URL(endpoint);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
    } catch {
      throw new AwsConfigError(`--endpoint-url: "${endpoint}" is not an http(s) URL`);
    }
    config.endpoint = endpoint;
    config.disableHostPrefix = true;
  }
  return config;
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
