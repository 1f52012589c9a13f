/**
 * `lambdalens logs`: invocations of local inputs or CloudWatch Logs, one block per request
 * (coloured on a terminal) or one JSON object per invocation with `--output ndjson`.
 * Wiring only: flags → event source → print pipeline → closing summary.
 */
import type { Command } from 'commander';
import { DEFAULT_MAX_HELD_BYTES, MIB } from '../../collectors/correlator/held-text.ts';
import { type EventSource, openEventSource } from '../../collectors/event-source.ts';
import { refuseWorkersForAws } from '../flags/idle-flags.ts';
import { addColorFlags, addOutputFlag, colorWanted } from '../flags/output.ts';
import { addSourceFlags, type SourceFlags, sourceSpecFromFlags } from '../flags/source.ts';
import { addTraceFlags, type TraceChoice, type TraceFlagValues, traceChoice } from '../flags/traces.ts';
import { addWorkersFlag } from '../flags/workers.ts';
import { parsePositiveInt } from '../options.ts';
import { reportInputProblems, sayInputFailuresAtOnce } from '../output/input-problems.ts';
import { type InvocationFormat, type PrintOptions, printInvocations } from '../output/print-invocations.ts';
import { endRun } from '../output/run-end.ts';
import { tellSourceNotes } from '../output/source-notes.ts';
import { traceAttacher } from '../output/trace-attacher.ts';
import { wholeFromSince } from '../output/window-start.ts';
import { honourStop } from '../stop.ts';
import { printLogsInParts } from '../workers/logs-parts.ts';
import { partitionInputs } from '../workers/partition.ts';
import { makeSpoolDir } from '../workers/spool.ts';

interface LogsFlags extends SourceFlags, TraceFlagValues {
  output: InvocationFormat;
  color?: boolean;
  maxLines: number;
  maxOpen: number;
  maxHeldMb: number;
  workers: number;
}

const LOGS_TRACES = { fetchByDefault: false };

export function registerLogsCommand(program: Command): void {
  const cmd = program
    .command('logs')
    .description('print invocations of log files, stdin (-) or CloudWatch Logs, one block per request')
    .argument(
      '[inputs...]',
      'log files or folders: console/sam text, aws logs JSON, subscription payloads, NDJSON; - for stdin',
    );
  addOutputFlag(cmd, ['text', 'ndjson'] as const, 'text');
  addColorFlags(cmd);
  addWorkersFlag(cmd);
  // A batch read does not fetch traces unless asked: each five invocations cost an X-Ray call.
  addTraceFlags(addSourceFlags(cmd, { range: true, follow: true }), LOGS_TRACES)
    .option('--max-lines <n>', 'lines kept per invocation', parsePositiveInt, 1000)
    .option('--max-open <n>', 'invocations open at once', parsePositiveInt, 10000)
    .option(
      '--max-held-mb <n>',
      'MiB of line text each reading thread holds at once',
      parsePositiveInt,
      DEFAULT_MAX_HELD_BYTES / MIB,
    )
    .action(async (inputs: string[], flags: LogsFlags) => {
      // Ctrl-C, `kill`, `timeout`, a closed terminal: stop reading, print what was read.
      const stop = honourStop();
      // An input that cannot be read is said when found: the reader of stdout may leave first.
      sayInputFailuresAtOnce(process.stderr);
      const spec = sourceSpecFromFlags(inputs, flags, { signal: stop });
      refuseWorkersForAws(flags, cmd.getOptionValueSource('workers') === 'cli');
      const traces = traceChoice(cmd, spec.kind, LOGS_TRACES);
      const source = await openEventSource(spec);
      await printLogs(source, flags, traces, inputs, stop);
    });
}

async function printLogs(
  source: EventSource,
  flags: LogsFlags,
  traces: TraceChoice,
  inputs: string[],
  stop: AbortSignal,
): Promise<void> {
  const attachTraces = await traceAttacher(traces, source.aws);
  const notes = tellSourceNotes(source.aws, source.live, process.stderr);
  const options: PrintOptions = {
    output: flags.output,
    color: colorWanted(flags.color, process.stdout),
    terminal: process.stdout.isTTY === true,
    functionName: flags.functionName,
    maxLines: flags.maxLines,
    maxOpen: flags.maxOpen,
    maxHeldMb: flags.maxHeldMb,
    attachTraces,
    tracesAsked: traces.asked,
    live: source.live,
    // A window of history read whole (a follower's first window): a request whose START it
    // lacks began before --since.
    windowStart: wholeFromSince(source, Date.now()),
    signal: stop,
  };
  // Files (not stdin, not AWS) are read by several threads; traces join in one, and so do
  // events given the groups the query exports name.
  const parts =
    source.aws === null && !source.live && !attachTraces && !source.namesGroups
      ? partitionInputs(source.inputs, flags.workers, process.stderr)
      : null;
  // Without a folder for the threads' spools (TMPDIR full or missing) one thread reads all.
  const spools = parts ? makeSpoolDir(process.stderr) : null;
  const summary =
    parts && spools
      ? await printLogsInParts(parts, spools, options, source.report, process.stdout, process.stderr)
      : await printInvocations(source.events, options, process.stdout, process.stderr);
  reportInputProblems(source.report, process.stderr);
  notes.end(stop.aborted);
  // A follower stopped before anything happened saw nothing: that is an answer, not a failure.
  endRun(
    { summary, source, inputs, stopped: stop.aborted, functionNamed: Boolean(flags.functionName) },
    process.stderr,
  );
}
