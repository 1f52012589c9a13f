/**
 * A report built from nothing is a failure, not a $0 success: these say what the data
 * holds instead (the months it covers, when a period was asked for that it does not).
 */
import { ConfigError, LambdalensError } from '../../collectors/kernel/index.ts';
import type { CostReport } from './types.ts';

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

/** Throws after the report is written when none of its invocations could be priced, or some lack configuration. */
export function checkPriced(report: CostReport): void {
  const unconfigured = report.notPriced.filter(
    (n) => n.reason.startsWith('missing-') || n.reason === 'unknown-region',
  );
  if (unconfigured.length > 0) {
    const count = unconfigured.reduce((sum, n) => sum + n.count, 0);
    throw new ConfigError(`${count} invocation(s) could not be priced: their configuration is incomplete`, {
      hint: 'the report names the flag (--arch, --region), --config key or --prices file to give',
    });
  }
  if (report.coverage.priced === 0) {
    throw new NothingToReportError(
      `none of the ${report.coverage.invocations} invocation(s) of ${report.period.label} could be priced (see the report for why)`,
    );
  }
}
