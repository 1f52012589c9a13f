/**
 * The source flags of every command that reads Lambda logs (`logs`, `tail`, `ship`, `cost`):
 * local inputs as arguments, or CloudWatch Logs named by `--function`/`--log-group` over
 * `--since`/`--until`, followed with `--follow` or `--live`. One definition, one default,
 * so the same words mean the same thing everywhere.
 */
import { type Command, InvalidArgumentError } from 'commander';
import type { EventSourceSpec } from '../../collectors/event-source.ts';
import { UsageError } from '../../collectors/kernel/index.ts';
import type { FunctionSelector } from '../../collectors/lambda/discovery.ts';
import { type AwsFlagValues, addAwsFlags, awsSessionOptions } from './aws.ts';
import { type AwsFlag, refuseIdleForHistory, refuseIdleForLocal } from './idle-flags.ts';
import { named } from './named.ts';
import { parseDuration, parseTimeRange, refuseFutureWindow } from './time.ts';

/** How far back an AWS read starts without `--since`: the `aws logs tail` default. */
export const DEFAULT_SINCE = '10m';

export interface SourceFlags extends AwsFlagValues {
  function?: string[] | undefined;
  logGroup?: string[] | undefined;
  since?: string | undefined;
  until?: string | undefined;
  follow?: boolean | undefined;
  live?: boolean | undefined;
  filterPattern?: string | undefined;
  lookBack?: string | undefined;
  functionName?: string | undefined;
}

/** Which of the source flags a command offers (all offer inputs, `--function` and the AWS flags). */
export interface SourceFlagSet {
  /** `--log-group`, `--since`, `--until`, `--filter-pattern`: reading a time range of log groups. */
  range: boolean;
  /** `--follow`, `--live`, `--look-back`. */
  follow: boolean;
  /** The command prices invocations, and `--region` is also the Region it prices in. */
  prices?: boolean;
}

/** Appends to the list: a flag given several times keeps every value. */
export const repeatable = (value: string, previous: string[] = []): string[] => [...previous, value];

const logGroupName = named('a log group name');

export function addSourceFlags(cmd: Command, set: SourceFlagSet): Command {
  cmd.option(
    '-f, --function <names>',
    'read these functions from CloudWatch Logs: names, comma-separated or repeated; name* for a prefix',
    repeatable,
  );
  if (set.range) {
    cmd
      .option(
        '--log-group <name>',
        'read this log group from CloudWatch Logs (repeatable)',
        (value: string, previous?: string[]) => repeatable(logGroupName(value), previous),
      )
      .option('--since <time>', `start: 15m, 1h, 2d, an ISO time or epoch ms (default: ${DEFAULT_SINCE})`)
      .option('--until <time>', 'end, same forms as --since (not with --follow/--live)')
      .option('--filter-pattern <pattern>', 'CloudWatch Logs filter pattern, applied by the service');
  }
  if (set.follow) {
    cmd
      .option('--follow', 'keep reading new events (FilterLogEvents polling)')
      .option('--live', 'follow with CloudWatch Live Tail (billed per minute), gaps filled by polling')
      // No value unless given (the follower's own default is 60 s): given where nothing
      // follows, it is refused (idle-flags.ts).
      .option(
        '--look-back <duration>',
        'how late an event may arrive and still be found while following (default: 60s)',
        checkedLookBack,
      );
  }
  cmd.option(
    '--function-name <name>',
    'function name for input that names none (stdin, a copied log) (default: the file name)',
    named('a function name'),
  );
  return addAwsFlags(cmd, { prices: set.prices === true });
}

/**
 * `orders-api,orders-*` → names `orders-api`, prefix `orders-`; `*` is every function.
 * `said` begins a refusal: the flag the values came from (`functions` takes them as arguments).
 */
export function parseFunctionList(values: string[], said = '--function: '): FunctionSelector {
  const names: string[] = [];
  const prefixes: string[] = [];
  for (const part of values.flatMap((v) => v.split(','))) {
    const p = part.trim();
    if (p === '') continue;
    if (p === '*') return { all: true };
    // No function's name holds a *: one before the end is a glob lambdalens does not take.
    if (p.slice(0, -1).includes('*')) {
      throw new UsageError(
        `${said}"${p}" has a * before its end: * ends a prefix (orders-*) or stands alone for every function`,
      );
    }
    if (p.endsWith('*')) prefixes.push(p.slice(0, -1));
    else names.push(p);
  }
  if (names.length === 0 && prefixes.length === 0)
    throw new UsageError('--function needs at least one name or prefix*');
  return { names, prefixes };
}

/** True when the flags name something to read from AWS. */
export function readsAws(flags: SourceFlags): boolean {
  return (flags.function?.length ?? 0) > 0 || (flags.logGroup?.length ?? 0) > 0;
}

/** `--look-back` is checked as it is read, whatever the command then reads. */
function checkedLookBack(value: string): string {
  try {
    parseDuration(value, '--look-back');
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
  return value;
}

/**
 * Turns inputs and flags into what to open. `follow` is the mode an AWS read takes without
 * `--follow`/`--live` (`tail` follows unless `--until` ends the read; `logs` and `ship` read
 * history). Every mistake is a `UsageError` naming the flag.
 */
export function sourceSpecFromFlags(
  inputs: string[],
  flags: SourceFlags,
  options: { follow?: boolean; now?: number; signal?: AbortSignal; awsForLocal?: readonly AwsFlag[] } = {},
): EventSourceSpec {
  const fromAws = readsAws(flags);
  if (fromAws && inputs.length > 0) {
    throw new UsageError('give either local inputs or --function/--log-group, not both');
  }
  if (!fromAws) {
    if (inputs.length === 0) {
      throw new UsageError('nothing to read: give log files (or - for stdin), or --function <name>');
    }
    refuseIdleForLocal(flags, { awsForLocal: options.awsForLocal, followsByDefault: options.follow });
    return { kind: 'local', inputs, functionName: flags.functionName };
  }
  if (flags.follow && flags.live) throw new UsageError('choose --follow or --live, not both');
  // --until ends the read: for a command that follows unless told (tail) it asks for history.
  const followsByDefault = options.follow === true && flags.until === undefined;
  const mode = flags.live ? 'live' : flags.follow || followsByDefault ? 'follow' : 'history';
  if (mode !== 'history' && flags.until !== undefined) {
    throw new UsageError('--until ends a history read: it cannot be combined with --follow or --live');
  }
  if (mode === 'history') refuseIdleForHistory(flags, { followsByDefault: options.follow });
  const now = options.now ?? Date.now();
  const range = parseTimeRange(flags.since, flags.until, now, DEFAULT_SINCE);
  refuseFutureWindow(range, now, mode);
  return {
    kind: 'aws',
    ...awsSessionOptions(flags, options.signal),
    mode,
    functions: (flags.function?.length ?? 0) > 0 ? parseFunctionList(flags.function ?? []) : undefined,
    logGroups: flags.logGroup ?? [],
    startTime: range.startTime,
    endTime: range.endTime,
    filterPattern: flags.filterPattern,
    lookBackMs: flags.lookBack === undefined ? undefined : parseDuration(flags.lookBack, '--look-back'),
  };
}
