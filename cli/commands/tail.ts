/**
 * `lambdalens tail`: invocations as they happen, in a live terminal UI. Sources: local
 * files (as fast as possible, or paced by their timestamps with --replay), stdin (`-`) and
 * CloudWatch Logs (`--function`, followed by polling or Live Tail). When stdout is not a
 * terminal it prints what `lambdalens logs` prints, so it can be piped.
 */
import { readFile } from 'node:fs/promises';
import { type Command, InvalidArgumentError } from 'commander';
import { createCorrelator } from '../../collectors/correlator/correlator.ts';
import { eachEvent, openEventSource } from '../../collectors/event-source.ts';
import { UsageError } from '../../collectors/kernel/index.ts';
import type { FunctionConfig } from '../../collectors/model.ts';
import { isArchitecture } from '../../pricing/context.ts';
import { AWS_LIST_PRICES, loadFunctionConfigs } from '../../pricing/index.ts';
import { addColorFlags, addOutputFlag, colorWanted } from '../flags/output.ts';
import { addSourceFlags, type SourceFlags, sourceSpecFromFlags } from '../flags/source.ts';
import { parsePositiveInt } from '../options.ts';
import { checkInputRead, reportInputProblems } from '../output/input-problems.ts';
import { type InvocationFormat, printInvocations } from '../output/print-invocations.ts';
import { createCostFn } from '../tui/cost.ts';
import { pumpEvents } from '../tui/pump.ts';
import { createTailStore } from '../tui/store.ts';
import { tracesFromBatchGetTraces } from '../tui/waterfall.ts';

/** How long a reported invocation of live input waits for trailing lines before it shows as done. */
const SETTLE_MS = 1000;

interface TailFlags extends SourceFlags {
  xray: boolean;
  replay?: number | true;
  output: InvocationFormat;
  color?: boolean;
  maxInvocations: number;
  maxLines: number;
  traces?: string;
  arch?: string;
  config?: string;
}

function parseSpeed(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError(`expected a speed above 0, got "${value}"`);
  return n;
}

async function loadTraces(path: string) {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (cause) {
    throw new UsageError(
      `--traces ${path}: not readable as BatchGetTraces JSON (${(cause as Error).message})`,
    );
  }
  return tracesFromBatchGetTraces(raw);
}

/**
 * What Ink and React read from the environment as they load. React's development build
 * records timing data for every render and never lets go of it: a tail rendering for hours
 * must run the production build (the package build fixes it at build time; this covers a run
 * from the sources). Ink draws only a final frame when the environment says CI; the UI runs
 * only with a terminal on stdout, where a person is watching, so it must draw live.
 */
function prepareTuiEnvironment(env: NodeJS.ProcessEnv): void {
  env.NODE_ENV ??= 'production';
  env.CI = 'false';
  env.CONTINUOUS_INTEGRATION = 'false';
}

export function registerTailCommand(program: Command): void {
  const command = program
    .command('tail')
    .description('follow invocations live in a terminal UI (prints text or NDJSON when piped)')
    .argument('[inputs...]', 'log files to replay, or - for stdin (e.g. sam local start-api 2>&1 | …)')
    .option(
      '--replay [speed]',
      'pace local files by their timestamps, optionally faster (10 = 10×)',
      parseSpeed,
    )
    .option(
      '--max-invocations <n>',
      'invocations kept in memory; older ones are dropped and counted',
      parsePositiveInt,
      2000,
    )
    .option('--max-lines <n>', 'lines kept per invocation', parsePositiveInt, 1000)
    .option('--traces <file>', 'X-Ray traces to attach (BatchGetTraces JSON output)')
    .option('--no-xray', 'with --function: do not fetch X-Ray traces of traced invocations')
    .option('--arch <arch>', 'architecture for pricing: x86_64 or arm64', 'x86_64')
    .option('--config <file>', 'functions config file (region, architecture, storage per function)');
  addOutputFlag(command, ['text', 'ndjson'] as const, 'text');
  addColorFlags(command);
  // --region is the AWS region to read and, for files, the region to price with.
  addSourceFlags(command, { range: true, follow: true }).action(
    async (inputs: string[], flags: TailFlags) => {
      const architecture = flags.arch;
      if (!isArchitecture(architecture)) {
        throw new UsageError(`--arch must be x86_64 or arm64, not "${architecture}"`);
      }
      const abort = new AbortController();
      // The terminal UI (Ink, React) takes longest to load: start loading it first, while the
      // source opens, with the environment it reads as it loads already set.
      if (process.stdout.isTTY) prepareTuiEnvironment(process.env);
      const tuiLoading = process.stdout.isTTY ? import('../tui/run.tsx') : null;
      // tail follows CloudWatch unless told otherwise: it shows what happens now.
      const spec = sourceSpecFromFlags(inputs, flags, { follow: true, signal: abort.signal });
      const source = await openEventSource(spec);
      const aws = source.aws;
      const region = flags.region ?? aws?.session.region;

      if (!process.stdout.isTTY) {
        await printInvocations(
          source.events,
          {
            output: flags.output,
            color: colorWanted(flags.color, process.stdout),
            functionName: flags.functionName,
            maxLines: flags.maxLines,
            maxOpen: 10_000,
          },
          process.stdout,
          process.stderr,
        );
        reportInputProblems(source.report, process.stderr);
        if (!aws) checkInputRead(source.report, inputs);
        return;
      }

      const configs: ReadonlyMap<string, FunctionConfig> = flags.config
        ? await loadFunctionConfigs(flags.config)
        : new Map();
      const correlator = createCorrelator({
        maxLinesPerInvocation: flags.maxLines,
        functionName: flags.functionName,
      });
      let fetchTrace: ((traceId: string, requestId: string) => void) | null = null;
      const store = createTailStore({
        correlator,
        onComplete: (inv) => {
          if (inv.traceId) fetchTrace?.(inv.traceId, inv.requestId);
        },
        maxInvocations: flags.maxInvocations,
        maxLiveLines: flags.maxLines,
        cost: createCostFn(AWS_LIST_PRICES, configs, {
          region,
          architecture,
        }),
      });
      if (flags.traces) {
        for (const { trace, requestId } of await loadTraces(flags.traces)) {
          store.attachTrace(trace, requestId ?? undefined);
        }
      }
      if (aws) {
        const { feedStatus, feedTraces } = await import('../tui/aws-feed.ts');
        feedStatus(store, aws, abort.signal);
        if (flags.xray) fetchTrace = feedTraces(store, aws, abort.signal);
      }
      const fromStdin = source.label === 'stdin';
      const speed = flags.replay === undefined || aws ? null : flags.replay === true ? 1 : flags.replay;
      const label = aws
        ? aws.status.snapshot().mode
        : fromStdin
          ? 'stdin'
          : speed === null
            ? 'file'
            : `replay ×${speed}`;
      store.setSource({ label });
      const live = source.live;
      if (live) {
        // Live input can stop right after a REPORT: complete such invocations after a pause.
        const settling = setInterval(() => store.settle(SETTLE_MS), SETTLE_MS);
        abort.signal.addEventListener('abort', () => clearInterval(settling), { once: true });
      }
      const pumping = pumpEvents(eachEvent(source.events), store, {
        speed,
        signal: abort.signal,
        liveLag: live,
      }).catch((error: unknown) =>
        store.setSource({ label: `input failed: ${(error as Error).message}`, ended: true }),
      );
      const { runTui } = await (tuiLoading ?? import('../tui/run.tsx'));
      await runTui({ store, stdinIsInput: fromStdin });
      abort.abort();
      // stdin may never end by itself (a generator, a local API): the user has quit, so stop reading.
      if (fromStdin) process.stdin.destroy();
      await pumping;
      reportInputProblems(source.report, process.stderr);
    },
  );
}
