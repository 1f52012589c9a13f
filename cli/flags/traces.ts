/**
 * The X-Ray flags of `logs` and `tail`, one vocabulary for both: `--traces` / `--no-traces`
 * switch fetching from X-Ray on or off, `--traces-file <file>` reads traces saved by
 * `aws xray batch-get-traces`. Only the default differs, and each help page says it: a
 * live screen fetches unless told (it shows one invocation at a time, as it happens), a
 * batch `logs` run does not (a trace per invocation is a call per five invocations).
 *
 * The spellings the commands had before stay accepted, unlisted, so scripts keep working:
 * `--traces FILE` (both commands) is `--traces-file FILE`, `--no-xray` (tail) is `--no-traces`.
 */
import { type Command, Option } from 'commander';
import { UsageError } from '../../collectors/kernel/index.ts';

export interface TraceFlagValues {
  /** `true`/`false` from `--traces`/`--no-traces`; a path from the old `--traces FILE`. */
  traces?: boolean | string | undefined;
  tracesFile?: string | undefined;
  /** `false` from the old `--no-xray`. */
  xray?: boolean | undefined;
}

export interface TraceChoice {
  /** Fetch traces from X-Ray: only for invocations read from AWS, and never beside a file. */
  fetch: boolean;
  /** A file of `aws xray batch-get-traces` output, and the flag that named it (errors quote it). */
  file: { path: string; flag: string } | null;
  /** The user asked for traces (a file, or `--traces` typed), not only the command's default. */
  asked: boolean;
}

export function addTraceFlags(cmd: Command, options: { fetchByDefault: boolean }): Command {
  const fetching = new Option(
    // Optional value: the old `--traces FILE` must still take its file, not leave it as an input.
    '--traces [file]',
    'fetch X-Ray traces of invocations read from AWS (--function/--log-group; needs xray:BatchGetTraces)',
  ).default(options.fetchByDefault, options.fetchByDefault ? 'on' : 'off');
  // Help lists the flag as it is meant now; the file it may take is the old spelling.
  fetching.flags = '--traces';
  return cmd
    .addOption(fetching)
    .addOption(new Option('--no-traces', 'do not fetch X-Ray traces'))
    .addOption(
      new Option('--traces-file <file>', 'attach traces from a file of `aws xray batch-get-traces` output'),
    )
    .addOption(new Option('--no-xray', 'old spelling of --no-traces').hideHelp());
}

/**
 * What the trace flags of `cmd` ask for, whichever spelling gave them, for a source of the
 * given kind. One rule for every command, whatever its default: an invocation is joined to
 * one source of traces, so `--traces` typed beside a file of traces is refused, and so is
 * `--traces` typed for local input, which X-Ray has nothing to fetch for. Fetching that is
 * only a command's default yields to a file, and is off for local input.
 */
export function traceChoice(
  cmd: Command,
  source: 'local' | 'aws',
  options: { fetchByDefault: boolean },
): TraceChoice {
  const flags = cmd.opts<TraceFlagValues>();
  const oldFile = typeof flags.traces === 'string' ? flags.traces : undefined;
  if (oldFile !== undefined && flags.tracesFile !== undefined && oldFile !== flags.tracesFile) {
    throw new UsageError(
      `--traces ${oldFile} and --traces-file ${flags.tracesFile}: give one file of traces, with --traces-file`,
    );
  }
  const file =
    flags.tracesFile !== undefined
      ? { path: flags.tracesFile, flag: '--traces-file' }
      : oldFile !== undefined
        ? { path: oldFile, flag: '--traces' }
        : null;
  // `--traces` as typed, not the default a command gives it (nor the old `--traces FILE`).
  const fetchTyped = flags.traces === true && cmd.getOptionValueSource('traces') === 'cli';
  if (fetchTyped && file) throw new UsageError('give --traces (from X-Ray) or --traces-file, not both');
  if (fetchTyped && source === 'local') {
    throw new UsageError(
      '--traces fetches from X-Ray, for --function or --log-group: add one, or give a file of traces with --traces-file',
    );
  }
  // `--traces FILE` named a file and left fetching as the command does it by default.
  const fetchWanted =
    flags.xray === false ? false : typeof flags.traces === 'boolean' ? flags.traces : options.fetchByDefault;
  return {
    fetch: fetchWanted && file === null && source === 'aws',
    file,
    asked: file !== null || fetchTyped,
  };
}
