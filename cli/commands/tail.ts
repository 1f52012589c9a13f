/**
 * `lambdalens tail`: invocations as they happen, in a live terminal UI. Sources: local
 * files (as fast as possible, or paced by their timestamps with --replay), stdin (`-`) and
 * CloudWatch Logs (`--function`, followed by polling or Live Tail). When stdout is not a
 * terminal it prints what `lambdalens logs` prints, so it can be piped.
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import { openEventSource } from '../../collectors/event-source.ts';
import { UsageError } from '../../collectors/kernel/index.ts';
import type { FunctionConfig } from '../../collectors/model.ts';
import { isArchitecture } from '../../pricing/context.ts';
import { AWS_LIST_PRICES, loadFunctionConfigs } from '../../pricing/index.ts';
import { pricingRegion } from '../flags/aws.ts';
import { refuseLocalOnlyForAws } from '../flags/idle-flags.ts';
import { addColorFlags, addOutputFlag, colorWanted } from '../flags/output.ts';
import { addSourceFlags, type SourceFlags, sourceSpecFromFlags } from '../flags/source.ts';
import { addTraceFlags, type TraceFlagValues, traceChoice } from '../flags/traces.ts';
import { parsePositiveInt } from '../options.ts';
import { reportInputProblems } from '../output/input-problems.ts';
import { type InvocationFormat, printInvocations } from '../output/print-invocations.ts';
import { endRun } from '../output/run-end.ts';
import { sayLine } from '../output/say-line.ts';
import { tellSourceNotes } from '../output/source-notes.ts';
import { traceAttacher } from '../output/trace-attacher.ts';
import { readTraceFileSaying } from '../output/trace-file-notes.ts';
import { wholeFromSince } from '../output/window-start.ts';
import { honourStop } from '../stop.ts';
import { colourLevel } from '../tui/colour.ts';
import { createCostFn } from '../tui/cost.ts';
import { chooseGlyphs } from '../tui/glyphs.ts';
import { loadTui } from '../tui/launch.ts';

interface TailFlags extends SourceFlags, TraceFlagValues {
  replay?: number | true;
  output: InvocationFormat;
  color?: boolean;
  maxInvocations: number;
  maxLines: number;
  arch?: string;
  config?: string;
  ascii?: boolean;
}

function parseSpeed(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError(`expected a speed above 0, got "${value}"`);
  return n;
}

const TAIL_TRACES = { fetchByDefault: true };

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
    // A live view may assume an architecture to show a price at once, never silently.
    .addOption(
      new Option(
        '--arch <arch>',
        'architecture of functions --config does not name: x86_64 or arm64',
      ).default('x86_64', 'x86_64, assumed, and the status bar says so'),
    )
    .option('--config <file>', 'functions config file (region, architecture, storage per function)')
    .option('--ascii', 'draw with ASCII symbols only (fonts or locales without line-drawing symbols)');
  // A live screen fetches each trace as its invocation arrives, one at a time: on unless told.
  addTraceFlags(command, TAIL_TRACES);
  addOutputFlag(command, ['text', 'ndjson'] as const, 'text');
  addColorFlags(command);
  // --region is the AWS region to read and, for files, the region to price with.
  addSourceFlags(command, { range: true, follow: true, prices: true }).action(
    async (inputs: string[], flags: TailFlags) => {
      const architecture = flags.arch;
      if (!isArchitecture(architecture)) {
        throw new UsageError(`--arch must be x86_64 or arm64, not "${architecture}"`);
      }
      if (inputs.includes('-') && process.stdin.isTTY && process.stdout.isTTY) {
        // The screen reads its keys from this same terminal: a line typed or pasted as input
        // would be taken for keys (a `q` in it quits), and no line would reach the input.
        throw new UsageError(
          "- reads stdin, and stdin is this terminal, whose keys the screen takes: pipe the logs in (sam local start-api 2>&1 | lambdalens tail -), or paste them into 'lambdalens logs -'",
        );
      }
      // A signal stops reading; quitting the UI stops it too.
      const stop = honourStop();
      const abort = new AbortController();
      stop.addEventListener('abort', () => abort.abort(stop.reason), { once: true });
      // The terminal UI (Ink, React) takes longest to load: start loading it first, while the
      // source opens, configured for this terminal's colours (see launch.ts).
      const colour = colourLevel(flags.color, process.env);
      const tuiLoading = process.stdout.isTTY ? loadTui(colour) : null;
      // tail follows CloudWatch unless told otherwise: it shows what happens now.
      // Local input is priced in the Region of --region or --profile.
      const spec = sourceSpecFromFlags(inputs, flags, {
        follow: true,
        signal: abort.signal,
        awsForLocal: ['region', 'profile'],
      });
      if (spec.kind === 'aws')
        refuseLocalOnlyForAws('--replay', flags.replay, 'paces local files by their timestamps');
      // On screen, inputs play together in time order (a replay of a folder interleaves its
      // functions as they ran); piped, tail prints what `logs` prints, input by input.
      if (spec.kind === 'local' && process.stdout.isTTY) spec.order = 'time';
      const traces = traceChoice(command, spec.kind, TAIL_TRACES);
      const source = await openEventSource(spec);
      const aws = source.aws;
      // Local input is priced in the Region the AWS commands would use when its logs and
      // --config name none; the screen says where that Region came from.
      const sourced = pricingRegion(flags);
      const region = sourced?.value;

      if (!process.stdout.isTTY) {
        const notes = tellSourceNotes(aws, source.live, process.stderr);
        const summary = await printInvocations(
          source.events,
          {
            output: flags.output,
            color: colorWanted(flags.color, process.stdout),
            terminal: false,
            functionName: flags.functionName,
            maxLines: flags.maxLines,
            maxOpen: 10_000,
            // As on the screen: traces from the file given, else from X-Ray for an AWS source unless --no-traces.
            attachTraces: await traceAttacher(traces, aws),
            tracesAsked: traces.asked,
            live: source.live,
            // `tail --since S --until U` reads a window of history whole, and a follower its
            // first window, from --since to now, as `logs` does.
            windowStart: wholeFromSince(source, Date.now()),
            signal: abort.signal,
          },
          process.stdout,
          process.stderr,
        );
        reportInputProblems(source.report, process.stderr);
        notes.end(stop.aborted);
        endRun(
          { summary, source, inputs, stopped: stop.aborted, functionNamed: Boolean(flags.functionName) },
          process.stderr,
        );
        return;
      }

      // Said before the screen takes the terminal: they stay above it once it is gone.
      const configs: ReadonlyMap<string, FunctionConfig> = flags.config
        ? await loadFunctionConfigs(flags.config, (w) => sayLine(`warning: ${w}`))
        : new Map();
      const traceFile = traces.file ? await readTraceFileSaying(traces.file) : null;
      const fromStdin = source.label === 'stdin';
      const speed = flags.replay === undefined || aws ? null : flags.replay === true ? 1 : flags.replay;
      const { runTailSession } = await import('../tui/tail-session.ts');
      const outcome = await runTailSession({
        tui: tuiLoading ?? loadTui(colour),
        stop,
        events: source.events,
        live: source.live,
        label: aws ? source.label : fromStdin ? 'stdin' : speed === null ? 'file' : `replay ×${speed}`,
        aws,
        report: source.report,
        speed,
        maxInvocations: flags.maxInvocations,
        maxLines: flags.maxLines,
        functionName: flags.functionName,
        cost: createCostFn(
          AWS_LIST_PRICES,
          configs,
          { region, architecture },
          {
            architectureAssumed: command.getOptionValueSource('arch') === 'default',
            regionFrom: sourced && sourced.source !== '--region' ? sourced.source : null,
          },
        ),
        traces: traceFile?.matches.traces ?? [],
        tracesFilePath: traces.file?.path ?? null,
        traceMatches: traceFile?.matches,
        xray: traces.fetch,
        // As piped: a window of history, or a follower's first window, read whole takes a
        // request without its START as begun before it.
        windowStart: wholeFromSince(source, Date.now()),
        region: region ?? null,
        glyphs: chooseGlyphs(process.env, flags.ascii),
      });
      abort.abort();
      // stdin may never end by itself (a generator, a local API): the user has quit, so stop
      // reading it without destroying it, which would report the input as cut short.
      if (fromStdin) {
        process.stdin.pause();
        (process.stdin as { unref?: () => void }).unref?.();
      }
      // The screen is gone: what its status bar said in part is said here in full, as `logs` says it.
      reportInputProblems(source.report, process.stderr);
      tellSourceNotes(aws, false, process.stderr).end(!outcome.inputEnded);
      traceFile?.end();
      if (outcome.failure !== null) throw outcome.failure;
      endRun(
        {
          summary: outcome.summary,
          source,
          inputs,
          // Quitting is an answer; input that ended with nothing in it is not.
          stopped: !outcome.inputEnded,
          functionNamed: Boolean(flags.functionName),
        },
        process.stderr,
      );
    },
  );
}
