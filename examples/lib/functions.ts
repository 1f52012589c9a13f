/**
 * The functions of the example data set: what each one is configured as (the part of
 * `functions.json` its logs cannot tell) and how it behaves, so that together they cover
 * every log format, runtime style, outcome and output file a user may hand to lambdalens.
 */
import type { FunctionConfig } from '../../collectors/model.ts';

/** How a user would have obtained the logs of this function. */
export type OutputForm = 'filter-log-events' | 'tail-text' | 'sam-text' | 'subscription';

/** Which runtime prints the application lines (tags, levels, error shapes differ). */
export type AppStyle = 'node' | 'python' | 'java';

/** Probabilities per invocation; timeout, oom and crash end the execution environment. */
export interface Outcomes {
  error: number;
  timeout: number;
  oom: number;
  crash: number;
}

export interface ExampleFunction {
  config: FunctionConfig & Required<Pick<FunctionConfig, 'region' | 'accountId' | 'architecture'>>;
  memorySizeMB: number;
  timeoutSeconds: number;
  logFormat: 'Text' | 'JSON';
  appStyle: AppStyle;
  output: OutputForm;
  /** `python:3.13.v31`, as INIT_START / platform.initStart print it. */
  runtimeVersion: string;
  /** Version the invocations run (`$LATEST`, or a published number for SnapStart). */
  version: string;
  streams: number;
  invocationsPerStream: [number, number];
  /** Idle seconds between two requests of one environment. */
  gapSeconds: [number, number];
  /** Handler duration in ms for a normal request. */
  durationMs: [number, number];
  initMs: [number, number];
  baseMemoryMB: [number, number];
  traceRate: number;
  outcomes: Outcomes;
  /** `old`: `Task timed out` line, crash lines, no REPORT Status; `new`: REPORT `Status:` fields. */
  textStyle: { timeout: 'old' | 'new'; oom: 'old' | 'new'; crash: 'old' | 'new' };
  /** Streams whose last request has no END/REPORT (export cut off mid-request). */
  incompleteStreams: number;
}

const ACCOUNT = '123456789012';

export const EXAMPLE_FUNCTIONS: readonly ExampleFunction[] = [
  {
    config: {
      functionName: 'orders-api',
      region: 'us-east-1',
      accountId: ACCOUNT,
      architecture: 'x86_64',
      runtime: 'nodejs22.x',
      tracingMode: 'Active',
      packageType: 'Zip',
      snapStart: 'None',
    },
    memorySizeMB: 512,
    timeoutSeconds: 10,
    logFormat: 'Text',
    appStyle: 'node',
    output: 'filter-log-events',
    runtimeVersion: 'nodejs:22.mainline.v61',
    version: '$LATEST',
    streams: 14,
    invocationsPerStream: [40, 90],
    gapSeconds: [2, 240],
    durationMs: [18, 420],
    initMs: [180, 520],
    baseMemoryMB: [78, 96],
    traceRate: 0.35,
    outcomes: { error: 0.03, timeout: 0.006, oom: 0, crash: 0.003 },
    textStyle: { timeout: 'old', oom: 'new', crash: 'old' },
    incompleteStreams: 2,
  },
  {
    config: {
      functionName: 'payments-webhook',
      region: 'eu-south-1',
      accountId: ACCOUNT,
      architecture: 'x86_64',
      runtime: 'java21',
      tracingMode: 'PassThrough',
      packageType: 'Zip',
      snapStart: 'PublishedVersions',
    },
    memorySizeMB: 1024,
    timeoutSeconds: 30,
    logFormat: 'Text',
    appStyle: 'java',
    output: 'filter-log-events',
    runtimeVersion: 'java:21.v33',
    version: '12',
    streams: 10,
    invocationsPerStream: [30, 70],
    gapSeconds: [5, 600],
    durationMs: [40, 900],
    initMs: [300, 700],
    baseMemoryMB: [160, 190],
    traceRate: 0,
    outcomes: { error: 0, timeout: 0.008, oom: 0, crash: 0 },
    textStyle: { timeout: 'new', oom: 'new', crash: 'new' },
    incompleteStreams: 0,
  },
  {
    config: {
      functionName: 'notifier',
      region: 'us-east-1',
      accountId: ACCOUNT,
      architecture: 'arm64',
      runtime: 'nodejs20.x',
      tracingMode: 'Active',
      packageType: 'Zip',
      snapStart: 'None',
    },
    memorySizeMB: 256,
    timeoutSeconds: 6,
    logFormat: 'JSON',
    appStyle: 'node',
    output: 'filter-log-events',
    runtimeVersion: 'nodejs:20.v44',
    version: '$LATEST',
    streams: 12,
    invocationsPerStream: [40, 100],
    gapSeconds: [1, 300],
    durationMs: [6, 260],
    initMs: [140, 380],
    baseMemoryMB: [62, 80],
    traceRate: 0.5,
    outcomes: { error: 0.025, timeout: 0.006, oom: 0.005, crash: 0 },
    textStyle: { timeout: 'new', oom: 'new', crash: 'new' },
    incompleteStreams: 2,
  },
  {
    config: {
      functionName: 'image-resizer',
      region: 'eu-west-1',
      accountId: ACCOUNT,
      architecture: 'arm64',
      runtime: 'python3.13',
      tracingMode: 'PassThrough',
      packageType: 'Zip',
      snapStart: 'None',
    },
    memorySizeMB: 2048,
    timeoutSeconds: 60,
    logFormat: 'Text',
    appStyle: 'python',
    output: 'tail-text',
    runtimeVersion: 'python:3.13.v31',
    version: '$LATEST',
    streams: 10,
    invocationsPerStream: [25, 60],
    gapSeconds: [3, 500],
    durationMs: [300, 4800],
    initMs: [400, 1400],
    baseMemoryMB: [210, 260],
    traceRate: 0,
    outcomes: { error: 0.03, timeout: 0.01, oom: 0.015, crash: 0.01 },
    textStyle: { timeout: 'new', oom: 'new', crash: 'new' },
    incompleteStreams: 2,
  },
  {
    config: {
      functionName: 'etl-nightly',
      region: 'eu-west-1',
      accountId: ACCOUNT,
      architecture: 'x86_64',
      runtime: 'python3.12',
      tracingMode: 'PassThrough',
      packageType: 'Zip',
      snapStart: 'None',
    },
    memorySizeMB: 1769,
    timeoutSeconds: 300,
    logFormat: 'Text',
    appStyle: 'python',
    output: 'sam-text',
    runtimeVersion: 'python:3.12.mainlinev2.v9',
    version: '$LATEST',
    streams: 8,
    invocationsPerStream: [12, 30],
    gapSeconds: [60, 1800],
    durationMs: [2000, 48000],
    initMs: [600, 1900],
    baseMemoryMB: [300, 420],
    traceRate: 0,
    outcomes: { error: 0.04, timeout: 0.01, oom: 0.02, crash: 0.02 },
    textStyle: { timeout: 'new', oom: 'old', crash: 'new' },
    incompleteStreams: 0,
  },
  {
    config: {
      functionName: 'report-builder',
      region: 'eu-south-1',
      accountId: ACCOUNT,
      architecture: 'x86_64',
      runtime: 'python3.12',
      tracingMode: 'Active',
      packageType: 'Zip',
      snapStart: 'None',
    },
    memorySizeMB: 3008,
    timeoutSeconds: 120,
    logFormat: 'JSON',
    appStyle: 'python',
    output: 'subscription',
    runtimeVersion: 'python:3.12.v52',
    version: '$LATEST',
    streams: 6,
    invocationsPerStream: [20, 45],
    gapSeconds: [30, 900],
    durationMs: [900, 26000],
    initMs: [700, 2400],
    baseMemoryMB: [400, 520],
    traceRate: 0.2,
    outcomes: { error: 0.03, timeout: 0.015, oom: 0.02, crash: 0.02 },
    textStyle: { timeout: 'new', oom: 'new', crash: 'new' },
    incompleteStreams: 1,
  },
];

/** The config `functions.json` publishes for one example function. */
export function publishedConfig(fn: ExampleFunction): FunctionConfig {
  return {
    ...fn.config,
    memorySizeMB: fn.memorySizeMB,
    timeoutSeconds: fn.timeoutSeconds,
    logFormat: fn.logFormat,
    ephemeralStorageMB: fn.config.functionName === 'image-resizer' ? 4096 : 512,
    logGroup: `/aws/lambda/${fn.config.functionName}`,
  };
}
