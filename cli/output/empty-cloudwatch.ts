/**
 * What a read of CloudWatch Logs that found no event says. "No log events in G" alone left
 * the user to guess whether the window was wrong, the filter too narrow or the group not
 * there: the message names the window read (and the filter), and the hint what to change.
 */
import type { AwsLogSource } from '../../collectors/cloudwatch-logs/aws-log-source.ts';
import { NothingReadError } from './input-problems.ts';

type EmptySource = Pick<AwsLogSource, 'logGroups' | 'range' | 'status' | 'functions'> & {
  session: Pick<AwsLogSource['session'], 'region'>;
};

/** The failure of a CloudWatch read that delivered no event, in words that say what to try. */
export function nothingInCloudWatch(source: EmptySource): NothingReadError {
  const groups = source.status.snapshot().groups;
  const missing = groups.filter((g) => g.missing).map((g) => g.logGroup);
  if (missing.length === groups.length) {
    const where = source.session.region ? ` in ${source.session.region}` : '';
    // A function Lambda describes, whose group is missing, is no wrong name: it has not logged.
    const silent = source.functions.filter((f) => !f.standIn && missing.includes(f.logGroup));
    if (silent.length === missing.length && silent.length === 1) {
      const f = silent[0] as (typeof silent)[number];
      return new NothingReadError(
        `function ${f.functionName} has not logged yet: its log group ${f.logGroup} does not exist${where} (Lambda creates it when the function first writes a log)`,
        'invoke the function, or wait for its first logs with --follow',
      );
    }
    const what =
      missing.length === 1
        ? `log group ${missing[0]} does not exist`
        : `log groups ${missing.join(', ')} do not exist`;
    return new NothingReadError(
      `${what}${where}: nothing to read`,
      "check the name and the Region (--region, --profile); 'lambdalens functions' lists functions with their log groups",
    );
  }
  const { startTime, endTime, filterPattern } = source.range;
  const to = endTime === undefined ? 'now' : new Date(endTime).toISOString();
  const filtered =
    filterPattern === undefined ? '' : ` match --filter-pattern ${JSON.stringify(filterPattern)}`;
  const others = groups.reduce((n, g) => n + g.otherFunctions, 0);
  const left = others > 0 ? ` (${others} of other functions' streams left out)` : '';
  // A window that ends now can also be followed; one with --until cannot (the two do not combine).
  const widen =
    endTime === undefined
      ? 'widen the window: an earlier --since (2h, 1d, an ISO time), or wait for new events with --follow'
      : 'widen the window: an earlier --since (2h, 1d, an ISO time) or a later --until';
  return new NothingReadError(
    `no log events in ${source.logGroups.join(', ')} from ${new Date(startTime).toISOString()} to ${to}${filtered}${left}`,
    filterPattern === undefined ? widen : `${widen}; or loosen --filter-pattern`,
  );
}
