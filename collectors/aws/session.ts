/**
 * One place that turns user-level AWS options into clients plus the shared call context,
 * so every command (logs, tail, ship, cost) shares one rate budget per process.
 */
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { XRayClient } from '@aws-sdk/client-xray';
import {
  type Clock,
  sleep as kernelSleep,
  type Logger,
  type Sleep,
  silentLogger,
  systemClock,
} from '../kernel/index.ts';
import type { CallContext } from './call.ts';
import { type AwsConnectionOptions, awsClientConfigs } from './config.ts';
import { createRateLimiter, type RateLimiter } from './rate-limiter.ts';

export interface AwsSessionOptions extends AwsConnectionOptions {
  /** Calls per second for the whole process, default 4. */
  ratePerSecond?: number | undefined;
  limiter?: RateLimiter | undefined;
  clock?: Clock | undefined;
  sleep?: Sleep | undefined;
  logger?: Logger | undefined;
  signal?: AbortSignal | undefined;
}

export interface AwsSession {
  ctx: CallContext & { limiter: RateLimiter };
  logs: CloudWatchLogsClient;
  lambda: LambdaClient;
  xray: XRayClient;
  region: string | undefined;
}

export function createAwsSession(
  options: AwsSessionOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): AwsSession {
  const configs = awsClientConfigs(options, env);
  const clock = options.clock ?? systemClock;
  const sleep = options.sleep ?? kernelSleep;
  return {
    ctx: {
      limiter: options.limiter ?? createRateLimiter({ ratePerSecond: options.ratePerSecond, clock, sleep }),
      clock,
      sleep,
      logger: options.logger ?? silentLogger,
      signal: options.signal,
      origins: configs.origins,
    },
    logs: new CloudWatchLogsClient(configs.logs),
    lambda: new LambdaClient(configs.lambda),
    xray: new XRayClient(configs.xray),
    region: configs.region,
  };
}
