import { describe, expect, it } from 'vitest';
import { parseTime, parseTimeRange } from '../../cli/flags/time.ts';
import { awsClientConfigs, parseArn } from '../../collectors/aws/config.ts';
import { classifyAwsError, type EndpointUnreachableError } from '../../collectors/aws/errors.ts';
import { createRateLimiter } from '../../collectors/aws/rate-limiter.ts';
import { toFunctionConfig } from '../../collectors/lambda/discovery.ts';
import { emptyInvocation } from '../../collectors/model.ts';
import { matchTrace } from '../../collectors/xray/attach.ts';
import { buildTrace, segmentMs } from '../../collectors/xray/segments.ts';
import type { TraceSegment } from '../../collectors/xray/types.ts';

const NOW = Date.UTC(2024, 4, 1, 12, 0, 0);

describe('time options', () => {
  it('reads durations, ISO, epoch and now', () => {
    expect(parseTime('1h', NOW)).toBe(NOW - 3_600_000);
    expect(parseTime('15m ago', NOW)).toBe(NOW - 900_000);
    expect(parseTime('2d', NOW)).toBe(NOW - 172_800_000);
    expect(parseTime('2024-05-01T10:00:00Z', NOW)).toBe(Date.UTC(2024, 4, 1, 10));
    expect(parseTime('1714557600', NOW)).toBe(1_714_557_600_000);
    expect(parseTime('1714557600000', NOW)).toBe(1_714_557_600_000);
    expect(parseTime('now', NOW)).toBe(NOW);
  });
  it('names the option and the bad value', () => {
    expect(() => parseTime('yesterday', NOW, '--since')).toThrow('--since: cannot read "yesterday"');
    expect(() => parseTimeRange('1h', '2h', NOW)).toThrow(/--until \(.*\) is before --since/);
  });
});

describe('rate limiter under a fake clock', () => {
  it('lets a second hold the budget at once, never more, and honours pauses', async () => {
    let now = 0;
    const slept: number[] = [];
    const limiter = createRateLimiter({
      ratePerSecond: 4,
      safetyMarginMs: 0,
      clock: { now: () => now },
      sleep: async (ms) => {
        slept.push(ms);
        now += ms;
      },
    });
    const at: number[] = [];
    for (let i = 0; i < 8; i++) {
      await limiter.acquire('logs:FilterLogEvents');
      at.push(now);
    }
    // The first four go at once; the fifth waits for the first to leave the second.
    expect(at).toEqual([0, 0, 0, 0, 1000, 1000, 1000, 1000]);
    limiter.pauseUntil(now + 5000);
    await limiter.acquire('lambda:ListFunctions');
    expect(now).toBe(1000 + 5000);
    expect(limiter.stats().calls).toEqual({ 'logs:FilterLogEvents': 8, 'lambda:ListFunctions': 1 });
  });
  it('keeps every window of a second and its margin to the budget, whenever calls are asked for', async () => {
    for (const [rate, margin] of [
      [4, 100],
      [3, 0],
      [2.5, 10],
      [0.5, 0],
    ] as const) {
      let now = 0;
      const limiter = createRateLimiter({
        ratePerSecond: rate,
        safetyMarginMs: margin,
        clock: { now: () => now },
        sleep: async (ms) => {
          now += ms;
        },
      });
      const at: number[] = [];
      // Callers arrive at uneven times: some together, some after a quiet spell.
      let seed = 7;
      for (let i = 0; i < 200; i++) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        now += seed % 5 === 0 ? seed % 3000 : 0;
        await limiter.acquire('logs:FilterLogEvents');
        at.push(now);
      }
      const perWindow = Math.max(1, Math.floor(rate));
      const windowMs = (1000 * perWindow) / rate + margin;
      // Any `perWindow + 1` calls in a row span at least the window.
      for (let i = perWindow; i < at.length; i++) {
        expect((at[i] as number) - (at[i - perWindow] as number)).toBeGreaterThanOrEqual(windowMs);
      }
      // And a call waits no longer than that: the first of a quiet spell goes at once.
      expect(at[0]).toBe(0);
    }
  });
  it('rejects a bad rate', () => {
    expect(() => createRateLimiter({ ratePerSecond: 0 })).toThrow(
      'ratePerSecond must be a positive number, got 0',
    );
  });
});

describe('function configuration', () => {
  it('honours LoggingConfig.LogGroup, shared by several functions, and reads region/account from the ARN', () => {
    const fn = (name: string) =>
      toFunctionConfig({
        FunctionName: name,
        FunctionArn: `arn:aws:lambda:eu-west-1:210987654321:function:${name}`,
        MemorySize: 512,
        Architectures: ['arm64'],
        LoggingConfig: { LogFormat: 'JSON', LogGroup: '/shared/app' },
      });
    const [a, b] = [fn('a'), fn('b')];
    expect(a).toMatchObject({
      logGroup: '/shared/app',
      logFormat: 'JSON',
      region: 'eu-west-1',
      accountId: '210987654321',
      architecture: 'arm64',
      ephemeralStorageMB: 512,
    });
    expect(new Set([a.logGroup, b.logGroup]).size).toBe(1);
    expect(parseArn('not-an-arn')).toBeNull();
  });
});

describe('AWS conventions', () => {
  it('takes the endpoint from AWS_ENDPOINT_URL and rejects a bad one', () => {
    const noFiles = { AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' };
    expect(
      awsClientConfigs({}, { ...noFiles, AWS_ENDPOINT_URL: 'http://127.0.0.1:1', AWS_REGION: 'us-east-2' })
        .lambda,
    ).toMatchObject({
      endpoint: 'http://127.0.0.1:1',
      region: 'us-east-2',
      disableHostPrefix: true,
      maxAttempts: 1,
    });
    expect(() => awsClientConfigs({ endpointUrl: 'ftp://x' }, noFiles)).toThrow(
      '--endpoint-url: "ftp://x" is not an http(s) URL',
    );
  });
  it("names the Region that chose AWS's own endpoint when it cannot be reached, and where it was set", () => {
    const refused = { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 52.94.0.1:443' };
    const origins = {
      region: { value: 'eu-west-2', source: 'region of profile "eu" in /home/u/.aws/config' },
      endpoints: { logs: { value: 'http://127.0.0.1:1', source: 'AWS_ENDPOINT_URL_CLOUDWATCH_LOGS' } },
    };
    const lambda = classifyAwsError(refused, 'lambda:ListFunctions', undefined, origins);
    expect(lambda.name).toBe('EndpointUnreachableError');
    expect((lambda as EndpointUnreachableError).hint).toBe(
      'the endpoint is AWS\'s own for Region eu-west-2, set by region of profile "eu" in /home/u/.aws/config: ' +
        'check the Region, and the network',
    );
    const logs = classifyAwsError(refused, 'logs:FilterLogEvents', undefined, origins);
    expect((logs as EndpointUnreachableError).hint).toBe(
      'the endpoint was set by AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: check it, and the network',
    );
  });
  it('scrubs access key IDs from service messages', () => {
    const err = classifyAwsError(
      {
        name: 'AccessDeniedException',
        message: 'User AKIAABCDEFGHIJKLMNOP is not authorized',
        $metadata: { httpStatusCode: 400 },
      },
      'xray:BatchGetTraces',
    );
    expect(err.name).toBe('AccessDeniedError');
    expect(err.message).not.toContain('AKIAABCDEFGHIJKLMNOP');
    expect(err.message).toContain('Add "xray:BatchGetTraces" to its IAM policy');
  });
});

describe('trace times', () => {
  it('keeps the microseconds X-Ray writes: a 97.570 ms segment is not 98 ms beside its REPORT', () => {
    const doc = JSON.stringify({
      id: 'aaaaaaaaaaaaaaaa',
      name: 'fn',
      start_time: 1_764_979_200.123456,
      end_time: 1_764_979_200.221026,
      origin: 'AWS::Lambda::Function',
      trace_id: '1-00000001-000000000000000000000001',
    });
    const trace = buildTrace({
      Id: '1-00000001-000000000000000000000001',
      Duration: 0.09757,
      Segments: [{ Id: 'aaaaaaaaaaaaaaaa', Document: doc }],
    });
    const [root] = trace.roots;
    expect(root?.startTime).toBe(1_764_979_200_123.456);
    expect(segmentMs(root as TraceSegment)).toBe(97.57);
    expect(trace.durationMs).toBe(97.57);
  });
});

describe('trace matching', () => {
  it('refuses a trace whose Lambda segment belongs to another request', () => {
    const doc = JSON.stringify({
      id: 'aaaaaaaaaaaaaaaa',
      name: 'fn',
      start_time: 1,
      end_time: 2,
      origin: 'AWS::Lambda',
      trace_id: '1-00000001-000000000000000000000001',
      aws: { request_id: 'req-1' },
    });
    const trace = buildTrace({
      Id: '1-00000001-000000000000000000000001',
      Segments: [{ Id: 'aaaaaaaaaaaaaaaa', Document: doc }],
    });
    expect(matchTrace(emptyInvocation('req-1'), trace).match).toBe('attached');
    expect(matchTrace(emptyInvocation('req-2'), trace)).toMatchObject({ match: 'mismatch', trace: null });
    expect(matchTrace(emptyInvocation('req-3'), undefined).match).toBe('not-found');
  });
});
