/**
 * Source flags that mean something only for some reads. Given where they mean nothing they
 * were accepted and passed over (`logs FILE --look-back 5m`, `logs --function F --since 1h
 * --look-back 5m`, `logs FILE --region eu-west-1`), so whoever gave one could believe it took
 * effect. Each is refused here, for every command that reads Lambda logs (`logs`, `tail`,
 * `ship`, `cost` over files), naming the flag and where it applies.
 */
import { UsageError } from '../../collectors/kernel/index.ts';

/** The AWS flags, which a command may also use for local input (see `RefuseIdleOptions`). */
export type AwsFlag = 'region' | 'profile' | 'endpointUrl' | 'rate';

/** What was given: only the flags the user typed (none has a value by default). */
export interface GivenSourceFlags {
  since?: string | undefined;
  until?: string | undefined;
  follow?: boolean | undefined;
  live?: boolean | undefined;
  filterPattern?: string | undefined;
  lookBack?: string | undefined;
  region?: string | undefined;
  profile?: string | undefined;
  endpointUrl?: string | undefined;
  rate?: number | undefined;
}

export interface RefuseIdleOptions {
  /**
   * AWS flags the command uses for local input too: the Region local input is priced in
   * (`tail`, `ship`, `cost`: `--region`, `--profile`), a cluster signed with SigV4 (`ship`: also
   * `--endpoint-url`, where STS is asked for a profile's role).
   */
  awsForLocal?: readonly AwsFlag[] | undefined;
  /** The command follows unless `--until` ends the read (`tail`): its words say so. */
  followsByDefault?: boolean | undefined;
}

const CLOUDWATCH_ONLY = [
  ['since', '--since'],
  ['until', '--until'],
  ['follow', '--follow'],
  ['live', '--live'],
  ['filterPattern', '--filter-pattern'],
] as const;

const AWS_ONLY = [
  ['region', '--region'],
  ['profile', '--profile'],
  ['endpointUrl', '--endpoint-url'],
  ['rate', '--rate'],
] as const;

/** `--look-back` is how late an event may come and still be found by a follower: only there. */
function lookBackWhere(options: RefuseIdleOptions): string {
  return options.followsByDefault
    ? '--look-back applies only while following CloudWatch Logs (--function or --log-group without --until)'
    : '--look-back applies only while following CloudWatch Logs (--function or --log-group, with --follow or --live)';
}

/** Local input (files, stdin) reads nothing from AWS. */
export function refuseIdleForLocal(flags: GivenSourceFlags, options: RefuseIdleOptions = {}): void {
  for (const [key, name] of CLOUDWATCH_ONLY) {
    if (flags[key] !== undefined)
      throw new UsageError(`${name} reads CloudWatch Logs: add --function or --log-group`);
  }
  if (flags.lookBack !== undefined) throw new UsageError(`${lookBackWhere(options)}, not to local input`);
  const used = new Set(options.awsForLocal ?? []);
  for (const [key, name] of AWS_ONLY) {
    if (flags[key] !== undefined && !used.has(key)) {
      throw new UsageError(`${name} applies to reads from AWS: local input makes no AWS call`);
    }
  }
}

/**
 * A report from the invocation documents a cluster holds (`cost --source elasticsearch`) reads
 * no file and calls no CloudWatch API: input files, `--function-name` (the function of input
 * that names none), `--rate` (AWS calls per second) and `--workers` (threads reading files)
 * did nothing there, and the report showed no sign of it. `--region`, `--profile` and
 * `--endpoint-url` sign for Amazon OpenSearch (and the Region prices), and are taken.
 * `workersGiven`: `--workers` was typed (it has a default, which is no cause to refuse).
 */
export function refuseIdleForCluster(
  inputs: readonly string[],
  flags: GivenSourceFlags & { functionName?: string | undefined; workersGiven?: boolean | undefined },
): void {
  const where = '--source elasticsearch reads the documents ship stored in the cluster';
  if (inputs.length > 0) throw new UsageError(`${where}, not input files: drop ${inputs[0]}`);
  if (flags.functionName !== undefined)
    throw new UsageError(`--function-name names the function of input that names none: ${where}`);
  if (flags.rate !== undefined)
    throw new UsageError(`--rate applies to reads from AWS: ${where}, and makes no CloudWatch call`);
  if (flags.workersGiven)
    throw new UsageError(`--workers applies to reading log files, which several threads share: ${where}`);
}

/**
 * CloudWatch Logs is read by one thread, page after page as the API gives them: a typed
 * `--workers` (threads reading log files) did nothing there, and the run showed no sign of
 * it. `workersGiven`: typed, not taken by default, as for `refuseIdleForCluster`.
 */
export function refuseWorkersForAws(
  flags: { function?: readonly string[] | undefined; logGroup?: readonly string[] | undefined },
  workersGiven: boolean,
): void {
  if (!workersGiven) return;
  const flag =
    (flags.function?.length ?? 0) > 0
      ? '--function'
      : (flags.logGroup?.length ?? 0) > 0
        ? '--log-group'
        : null;
  if (flag === null) return;
  throw new UsageError(
    `--workers applies to reading log files, which several threads share: ${flag} reads CloudWatch Logs in one`,
  );
}

/** A history read finds every event of its window, however late it came: nothing to look back for. */
export function refuseIdleForHistory(flags: GivenSourceFlags, options: RefuseIdleOptions = {}): void {
  if (flags.lookBack !== undefined) {
    throw new UsageError(
      `${lookBackWhere(options)}, not to a history read, which finds every event of its window`,
    );
  }
}

/** A flag of local input only (`tail --replay`, which paces files by their timestamps). */
export function refuseLocalOnlyForAws(name: string, given: unknown, what: string): void {
  if (given !== undefined) throw new UsageError(`${name} ${what}: not with --function or --log-group`);
}
