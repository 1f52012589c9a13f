/**
 * Generates the example data set in examples/data/: one month (October 2026) of Lambda logs
 * for six functions, in the file shapes users have, plus functions.json and a manifest that
 * says what every report over this data must find.
 *
 * `node --import tsx examples/generate.ts` rewrites the files; the output is the same bytes
 * on every run (seeded PRNG, no clock), so tests compare the committed files with it.
 */
import { type Dirent, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { INVOCATION_STATUSES, type InvocationStatus, type ReportMetrics } from '../collectors/model.ts';
import { EXAMPLE_FUNCTIONS, type ExampleFunction, publishedConfig } from './lib/functions.ts';
import { filterLogEventsFile, samTextFile, subscriptionFile, tailTextFile } from './lib/outputs.ts';
import { type InvocationPlan, planFunction } from './lib/plan.ts';
import { createRng } from './lib/prng.ts';
import { type RenderedStream, renderStream } from './lib/render.ts';

/** Every `Invocation` contract field the generated logs state, for one request. */
export interface ExpectedInvocation extends ReportMetrics {
  requestId: string;
  functionName: string;
  logGroup: string | null;
  logStream: string;
  status: InvocationStatus;
  errorType: string | null;
  coldStart: boolean;
  /** ISO time of START / platform.start, and of the request's last event. */
  start: string;
  end: string;
  traceId: string | null;
  version: string;
  /** From INIT_START / RESTORE_START / platform.initStart, for every request of the stream. */
  runtimeVersion: string | null;
  /** Where the logs state them: a JSON `functionArn`, a stream's runtime ARN, a payload owner. */
  region: string | null;
  accountId: string | null;
  /** Every stream here starts with an on-demand INIT or a SnapStart restore. */
  initializationType: string | null;
  /** Every event of the request, its environment's start-up included. */
  lineCount: number;
}

export interface FunctionSummary {
  functionName: string;
  region: string;
  accountId: string;
  architecture: string;
  memorySizeMB: number;
  logFormat: 'Text' | 'JSON';
  files: string[];
  streams: number;
  events: number;
  bytes: number;
  /** UTF-8 bytes of the event messages as CloudWatch Logs ingested them (what its bill counts). */
  ingestedBytes: number;
  /** The same messages as these files hold them: text copies lose each message's final newline. */
  readBytes: number;
  invocations: number;
  byStatus: Record<InvocationStatus, number>;
  coldStarts: number;
  initStarts: number;
  restores: number;
  traced: number;
  /** Sum of Billed Duration over requests with a REPORT. */
  billedDurationMs: number;
  /** Sum of Billed Duration × Memory Size, an exact integer (MB·ms); ÷ 1024 ÷ 1000 gives GB-s. */
  billedMbMs: number;
  billedRestoreDurationMs: number;
  /** Sum of Duration, rounded to 3 decimals (the inputs are exact at 2 or 3). */
  durationMs: number;
  initDurationMs: number;
}

export interface ExamplesSummary {
  month: string;
  functions: FunctionSummary[];
  totals: Omit<
    FunctionSummary,
    'functionName' | 'region' | 'accountId' | 'architecture' | 'memorySizeMB' | 'logFormat'
  >;
}

export interface GeneratedExamples {
  /** File name (inside examples/data/) → content. */
  files: Map<string, string>;
  invocations: ExpectedInvocation[];
  summary: ExamplesSummary;
}

const iso = (ms: number): string => new Date(ms).toISOString();

function expectedOf(fn: ExampleFunction, stream: RenderedStream, plan: InvocationPlan): ExpectedInvocation {
  const events = stream.events.filter((e) => e.requestId === plan.requestId);
  const first = events[0];
  const last = events[events.length - 1];
  const done = plan.status !== 'incomplete';
  const json = fn.logFormat === 'JSON';
  return {
    requestId: plan.requestId,
    functionName: fn.config.functionName,
    logGroup: fn.output === 'subscription' ? `/aws/lambda/${fn.config.functionName}` : null,
    logStream: stream.logStream,
    status: plan.status,
    errorType: plan.errorType,
    coldStart: plan.cold !== null,
    start: iso(first?.timestamp ?? plan.startAt),
    end: iso(last?.timestamp ?? plan.startAt),
    durationMs: done ? plan.durationMs : null,
    billedDurationMs: done ? plan.billedDurationMs : null,
    memorySizeMB: done ? fn.memorySizeMB : null,
    maxMemoryUsedMB: done ? plan.maxMemoryUsedMB : null,
    initDurationMs: plan.cold?.kind === 'init' ? plan.cold.initMs : null,
    restoreDurationMs: plan.cold?.kind === 'restore' ? plan.cold.restoreMs : null,
    billedRestoreDurationMs: plan.cold?.kind === 'restore' ? plan.cold.billedRestoreMs : null,
    traceId: plan.traceId,
    version: fn.version,
    // Every generated stream starts with its environment's start, which holds for all its requests.
    runtimeVersion: fn.runtimeVersion,
    region: fn.config.region,
    accountId: json || fn.output === 'subscription' ? fn.config.accountId : null,
    initializationType: fn.config.snapStart === 'PublishedVersions' ? 'snap-start' : 'on-demand',
    lineCount: events.length,
  };
}

function emptyTotals(): ExamplesSummary['totals'] {
  return {
    files: [],
    streams: 0,
    events: 0,
    bytes: 0,
    ingestedBytes: 0,
    readBytes: 0,
    invocations: 0,
    byStatus: Object.fromEntries(INVOCATION_STATUSES.map((s) => [s, 0])) as Record<InvocationStatus, number>,
    coldStarts: 0,
    initStarts: 0,
    restores: 0,
    traced: 0,
    billedDurationMs: 0,
    billedMbMs: 0,
    billedRestoreDurationMs: 0,
    durationMs: 0,
    initDurationMs: 0,
  };
}

function summarise(
  fn: ExampleFunction,
  streams: RenderedStream[],
  files: Map<string, string>,
  inv: ExpectedInvocation[],
): FunctionSummary {
  const t = emptyTotals();
  t.files = [...files.keys()];
  t.streams = streams.length;
  t.events = streams.reduce((n, s) => n + s.events.length, 0);
  t.bytes = [...files.values()].reduce((n, c) => n + Buffer.byteLength(c), 0);
  const text = fn.output === 'tail-text' || fn.output === 'sam-text';
  for (const s of streams) {
    for (const e of s.events) {
      const b = Buffer.byteLength(e.message);
      t.ingestedBytes += b;
      t.readBytes += text && e.message.endsWith('\n') ? b - 1 : b;
    }
  }
  let duration = 0;
  let init = 0;
  for (const i of inv) {
    t.invocations++;
    t.byStatus[i.status]++;
    if (i.coldStart) t.coldStarts++;
    if (i.initDurationMs !== null) t.initStarts++;
    if (i.restoreDurationMs !== null) t.restores++;
    if (i.traceId !== null) t.traced++;
    t.billedDurationMs += i.billedDurationMs ?? 0;
    t.billedMbMs += (i.billedDurationMs ?? 0) * (i.memorySizeMB ?? 0);
    t.billedRestoreDurationMs += i.billedRestoreDurationMs ?? 0;
    duration += Math.round((i.durationMs ?? 0) * 1000);
    init += Math.round((i.initDurationMs ?? 0) * 1000);
  }
  t.durationMs = duration / 1000;
  t.initDurationMs = init / 1000;
  return {
    functionName: fn.config.functionName,
    region: fn.config.region,
    accountId: fn.config.accountId,
    architecture: fn.config.architecture,
    memorySizeMB: fn.memorySizeMB,
    logFormat: fn.logFormat,
    ...t,
  };
}

function addTotals(total: ExamplesSummary['totals'], f: FunctionSummary): void {
  total.files.push(...f.files);
  for (const key of [
    'streams',
    'events',
    'bytes',
    'ingestedBytes',
    'readBytes',
    'invocations',
    'coldStarts',
    'initStarts',
    'restores',
    'traced',
  ] as const) {
    total[key] += f[key];
  }
  total.billedDurationMs += f.billedDurationMs;
  total.billedMbMs += f.billedMbMs;
  total.billedRestoreDurationMs += f.billedRestoreDurationMs;
  total.durationMs = Math.round((total.durationMs + f.durationMs) * 1000) / 1000;
  total.initDurationMs = Math.round((total.initDurationMs + f.initDurationMs) * 1000) / 1000;
  for (const s of INVOCATION_STATUSES) total.byStatus[s] += f.byStatus[s];
}

function filesOf(fn: ExampleFunction, streams: RenderedStream[]): Map<string, string> {
  const name = fn.config.functionName;
  const rng = createRng(`files:${name}`);
  const files = new Map<string, string>();
  switch (fn.output) {
    case 'filter-log-events':
      files.set(`${name}.json`, filterLogEventsFile(streams, rng));
      break;
    case 'tail-text':
      files.set(`${name}.log`, tailTextFile(streams));
      break;
    case 'sam-text':
      files.set(`${name}.log`, samTextFile(streams));
      break;
    case 'subscription':
      streams.forEach((s, i) => {
        const file = `subscription-${name}-${String(i + 1).padStart(2, '0')}.json`;
        files.set(file, subscriptionFile(s, `/aws/lambda/${name}`, fn.config.accountId, rng));
      });
      break;
  }
  return files;
}

/** Builds the whole data set in memory: the files, the record of every request, the manifest. */
export function generateExamples(): GeneratedExamples {
  const files = new Map<string, string>();
  const invocations: ExpectedInvocation[] = [];
  const summary: ExamplesSummary = { month: '2026-10', functions: [], totals: emptyTotals() };
  const configs: Record<string, unknown> = {};
  for (const fn of EXAMPLE_FUNCTIONS) {
    const rng = createRng(`plan:${fn.config.functionName}`);
    const arnHash = rng.hex(64);
    const plans = planFunction(fn, rng);
    const streams = plans.map((p) => renderStream(fn, p, arnHash));
    const own: ExpectedInvocation[] = [];
    plans.forEach((p, i) => {
      const stream = streams[i] as RenderedStream;
      for (const plan of p.invocations) own.push(expectedOf(fn, stream, plan));
    });
    const fnFiles = filesOf(fn, streams);
    for (const [k, v] of fnFiles) files.set(`logs/${k}`, v);
    invocations.push(...own);
    const s = summarise(fn, streams, fnFiles, own);
    summary.functions.push(s);
    addTotals(summary.totals, s);
    configs[fn.config.functionName] = publishedConfig(fn);
  }
  files.set('functions.json', `${JSON.stringify({ functions: configs }, null, 2)}\n`);
  files.set('manifest.json', `${JSON.stringify(summary, null, 2)}\n`);
  return { files, invocations, summary };
}

/** Rewrites examples/data/ so that it holds exactly the generated files. */
export function writeExamples(dir: string, generated: GeneratedExamples): void {
  rmSync(dir, { recursive: true, force: true });
  for (const [name, content] of generated.files) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
}

/** Every file under examples/data/, as `generateExamples()` names them (`logs/orders-api.json`). */
export function listExampleFiles(dir: string = EXAMPLES_DATA_DIR): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as Dirent[])
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath, d.name)))
    .sort();
}

export const EXAMPLES_DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), 'data');

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const generated = generateExamples();
  writeExamples(EXAMPLES_DATA_DIR, generated);
  const t = generated.summary.totals;
  console.log(
    `wrote ${generated.files.size} files (${(t.bytes / 1e6).toFixed(2)} MB of logs): ${t.invocations} invocations, ${t.events} events, ${t.streams} streams`,
  );
}
