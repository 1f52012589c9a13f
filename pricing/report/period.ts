/** Reporting periods: a calendar month (UTC) or a date range, and the one before it. */

import { formatIso } from '../../collectors/iso-time.ts';
import { ConfigError } from '../../collectors/kernel/index.ts';

export interface Period {
  label: string;
  /** Inclusive start, epoch ms. */
  fromMs: number;
  /** Exclusive end, epoch ms. */
  toMs: number;
}

/** The forms a period takes, for every mistake in one. */
const PERIOD_FORMS =
  'a month is --month 2026-10; a range is --from 2026-10-01 --to 2026-10-15 (both days included, UTC)';

export class PeriodError extends ConfigError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, { ...options, hint: PERIOD_FORMS });
    this.name = 'PeriodError';
  }
}

/** `2026-10` → October 2026, UTC. */
export function monthPeriod(month: string): Period {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  const year = Number(match?.[1]);
  const index = Number(match?.[2]) - 1;
  if (!match) throw new PeriodError(`--month "${month}" is not YYYY-MM`);
  if (index < 0 || index > 11) throw new PeriodError(`--month "${month}": there is no month ${match[2]}`);
  return { label: month, fromMs: Date.UTC(year, index, 1), toMs: Date.UTC(year, index + 1, 1) };
}

/** The day a `YYYY-MM-DD` names, as epoch ms; NaN for another form or a day no month has. */
function dayMs(day: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return Number.NaN;
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  // Date.UTC rolls 2026-09-31 over to October 1st: a day is only real if it reads back the same.
  return new Date(ms).toISOString().slice(0, 10) === day ? ms : Number.NaN;
}

/** `--from 2026-10-01 --to 2026-10-15` (both days inclusive). */
export function rangePeriod(from: string, to: string): Period {
  const fromMs = dayMs(from);
  const toDay = dayMs(to);
  if (Number.isNaN(fromMs)) throw new PeriodError(`--from "${from}" is not a day written YYYY-MM-DD`);
  if (Number.isNaN(toDay)) throw new PeriodError(`--to "${to}" is not a day written YYYY-MM-DD`);
  if (toDay < fromMs) throw new PeriodError(`--to ${to} is before --from ${from}`);
  return { label: `${from}..${to}`, fromMs, toMs: toDay + 86_400_000 };
}

/** The calendar month before a month period, or the same-length window before a range. */
export function previousPeriod(period: Period): Period {
  const start = new Date(period.fromMs);
  const monthLike = /^\d{4}-\d{2}$/.test(period.label);
  if (monthLike) {
    const fromMs = Date.UTC(start.getUTCFullYear(), start.getUTCMonth() - 1, 1);
    const d = new Date(fromMs);
    const label = `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
    return { label, fromMs, toMs: period.fromMs };
  }
  const length = period.toMs - period.fromMs;
  const fromMs = period.fromMs - length;
  return { label: `${utcDay(fromMs)}..${utcDay(period.fromMs - 86_400_000)}`, fromMs, toMs: period.fromMs };
}

/** `YYYY-MM-DD` of epoch ms, in UTC: every priced invocation asks, so the fast formatter. */
export function utcDay(ms: number): string {
  return formatIso(ms).slice(0, 10);
}
