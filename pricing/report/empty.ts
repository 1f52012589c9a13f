/**
 * A report built from nothing is a failure, not a $0 success: these say what the data
 * holds instead (the months it covers, when a period was asked for that it does not).
 */
import { ConfigError, LambdalensError } from '../../collectors/kernel/index.ts';
import { UNKNOWN_FUNCTION } from '../context.ts';
import type { CostReport, NotPriced } from './types.ts';

/** Nothing to report for the period asked (exit 1). */
export class NothingToReportError extends LambdalensError {
  constructor(message: string, hint?: string) {
    super(message, { hint });
    this.name = 'NothingToReportError';
  }
}

function covers(report: CostReport): string {
  const d = report.dataCovers;
  if (!d.from || !d.to) return 'the data holds no dated record';
  const months = d.months.length === 1 ? `month ${d.months[0]}` : `months ${d.months.join(', ')}`;
  return `the data covers ${d.from}..${d.to} (${months})`;
}

/** Throws before anything is written when the period holds no invocation at all. */
export function checkPeriodHasData(report: CostReport, periodAsked: boolean): void {
  if (report.coverage.invocations > 0) return;
  if (periodAsked) {
    throw new NothingToReportError(
      `no invocations in ${report.period.label}: ${covers(report)}`,
      report.dataCovers.months.length > 0 ? `try --month ${report.dataCovers.months.at(-1)}` : undefined,
    );
  }
  throw new NothingToReportError('no Lambda invocations with a REPORT line in the input');
}

/** At most this many functions are named in the error; the report lists every one. */
const NAMED_FUNCTIONS = 5;

/**
 * What one function lacks, and the flag or `--config` key that gives it: the error is the
 * last line a user reads, and "see the report" sent them looking through a table for it.
 */
function whatToGive(n: NotPriced): string {
  const unnamed = n.functionName === UNKNOWN_FUNCTION;
  const key = `functions["${unnamed ? '<name>' : n.functionName}"]`;
  const fn = `function "${n.functionName}"`;
  const naming = unnamed ? ' (with --function-name <name>, as the input names none)' : '';
  switch (n.reason) {
    case 'missing-region':
      return `${fn}: Region unknown: pass --region <region> or set config key ${key}.region${naming}`;
    case 'missing-architecture':
      return `${fn}: architecture unknown: pass --arch x86_64|arm64 or set config key ${key}.architecture${naming}`;
    case 'missing-region-and-architecture':
      return `${fn}: Region and architecture unknown: pass --region <region> and --arch x86_64|arm64 or set config keys ${key}.region and .architecture${naming}`;
    default:
      // A Region the price table lacks: pricing's own words name the --prices file to give.
      return n.message.startsWith(`${fn}: `) ? n.message : `${fn}: ${n.message}`;
  }
}

/** Throws after the report is written when none of its invocations could be priced, or some lack configuration. */
export function checkPriced(report: CostReport): void {
  const unconfigured = report.notPriced.filter(
    (n) => n.reason.startsWith('missing-') || n.reason === 'unknown-region',
  );
  if (unconfigured.length > 0) {
    const count = unconfigured.reduce((sum, n) => sum + n.count, 0);
    const named = unconfigured.slice(0, NAMED_FUNCTIONS).map(whatToGive);
    const more = unconfigured.length - named.length;
    throw new ConfigError(
      `${count} invocation(s) could not be priced: ${named.join('; ')}${more > 0 ? `; and ${more} more` : ''}`,
      more > 0 ? { hint: 'the report lists every function not priced and what it lacks' } : {},
    );
  }
  if (report.coverage.priced === 0) {
    throw new NothingToReportError(
      `none of the ${report.coverage.invocations} invocation(s) of ${report.period.label} could be priced (see the report for why)`,
    );
  }
}
