/**
 * REPORT lines for the cost-aws test, and what Logs Insights' `stats` would answer over
 * them: moto runs no aggregation, so the test computes the rows from the same lines.
 */
import type { StartQueryCommandInput } from '@aws-sdk/client-cloudwatch-logs';
export const DAY = 86_400_000;
export const ACCOUNT = '123456789012';

export interface Report {
  requestId: string;
  timestamp: number;
  durationMs: number;
  billedMs: number;
  memoryMB: number;
  maxUsedMB: number;
  initMs?: number;
  status?: string;
}

export interface Written {
  group: string;
  stream: string;
  events: { timestamp: number; message: string }[];
  reports: Report[];
}

/** START, one app line, END and REPORT for each invocation: what a text-format function writes. */
export function lines(reports: Report[]): { timestamp: number; message: string }[] {
  return reports.flatMap((r) => {
    const extra = [
      r.initMs === undefined ? '' : `Init Duration: ${r.initMs.toFixed(2)} ms\t`,
      r.status ?? '',
    ].join('');
    return [
      { timestamp: r.timestamp, message: `START RequestId: ${r.requestId} Version: $LATEST\n` },
      {
        timestamp: r.timestamp + 1,
        message: `${new Date(r.timestamp + 1).toISOString()}\t${r.requestId}\tINFO\thandled\n`,
      },
      { timestamp: r.timestamp + 2, message: `END RequestId: ${r.requestId}\n` },
      {
        timestamp: r.timestamp + 2,
        message:
          `REPORT RequestId: ${r.requestId}\tDuration: ${r.durationMs.toFixed(2)} ms\tBilled Duration: ${r.billedMs} ms\t` +
          `Memory Size: ${r.memoryMB} MB\tMax Memory Used: ${r.maxUsedMB} MB\t${extra}\n`,
      },
    ];
  });
}

/** Invocations on days d0 (the first day of the period), d0+1, d0+2 and one in the period before. */
export function reportsFor(seed: number, d0: number, memoryChange: boolean): Report[] {
  const out: Report[] = [];
  let n = 0;
  const id = () => `${seed.toString(16).padStart(8, '0')}-0000-4000-8000-${String(n++).padStart(12, '0')}`;
  for (let day = -2; day < 3; day++) {
    if (day === -1) continue;
    for (let i = 0; i < 4; i++) {
      const duration = 10 + seed * 3 + (day + 2) * 7 + i * 11.37;
      const cold = i === 0;
      const init = cold ? 150.25 + seed : undefined;
      const memoryMB = memoryChange && day === 2 ? 1024 : 512;
      out.push({
        requestId: id(),
        // The first REPORT of day 1 is written exactly at midnight, the second two windows share.
        timestamp: d0 + day * DAY + (day === 1 && i === 0 ? -2 : 3_600_000 + i * 60_000),
        durationMs: duration,
        billedMs: Math.ceil(duration + (init ?? 0)),
        memoryMB,
        maxUsedMB: 60 + i * 5 + seed,
        ...(init === undefined ? {} : { initMs: init }),
        ...(i === 2 && day === 0 ? { status: 'Status: timeout' } : {}),
        ...(i === 3 && day === 2 ? { status: 'Status: error\tError Type: Runtime.ExitError' } : {}),
      });
    }
  }
  return out;
}

export const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * What Insights' `stats … by @log, @memorySize, bin(1d), status, errorType` returns for a
 * query window (StartQuery's seconds, end inclusive), with memory in bytes (10^6 per MB).
 */
export function statsRows(written: Written[], input: StartQueryCommandInput) {
  const from = input.startTime! * 1000;
  const to = input.endTime! * 1000;
  const rows = new Map<string, { group: string; r: Report[] }>();
  for (const w of written) {
    if (!input.logGroupNames?.includes(w.group)) continue;
    for (const r of w.reports) {
      if (r.timestamp + 2 < from || r.timestamp + 2 > to) continue;
      const key = [w.group, r.memoryMB, day(r.timestamp + 2), r.status ?? '-'].join('|');
      const entry = rows.get(key) ?? { group: w.group, r: [] };
      entry.r.push(r);
      rows.set(key, entry);
    }
  }
  const pct = (xs: number[], p: number) =>
    [...xs].sort((a, b) => a - b)[Math.ceil((p / 100) * xs.length) - 1]!;
  return [...rows.values()].map(({ group, r }) => {
    const first = r[0]!;
    const status = /Status: (\w+)/.exec(first.status ?? '')?.[1] ?? '-';
    const errorType = /Error Type: ([\w.]+)/.exec(first.status ?? '')?.[1] ?? '-';
    const cold = r.filter((x) => x.initMs !== undefined);
    const fields: Record<string, string | number> = {
      '@log': `${ACCOUNT}:${group}`,
      '@memorySize': first.memoryMB * 1e6,
      'bin(1d)': `${day(first.timestamp + 2)} 00:00:00.000`,
      status,
      errorType,
      invocations: r.length,
      billedMs: r.reduce((s, x) => s + x.billedMs, 0),
      billedByteMs: r.reduce((s, x) => s + x.billedMs * x.memoryMB * 1e6, 0),
      coldStarts: cold.length,
      restores: 0,
      initMs: cold.reduce((s, x) => s + x.initMs!, 0),
      coldStartBilledMs: cold.reduce((s, x) => s + Math.max(0, x.billedMs - Math.ceil(x.durationMs)), 0),
      maxMemoryUsed: Math.max(...r.map((x) => x.maxUsedMB)) * 1e6,
      p50: pct(
        r.map((x) => x.durationMs),
        50,
      ),
      p95: pct(
        r.map((x) => x.durationMs),
        95,
      ),
      p99: pct(
        r.map((x) => x.durationMs),
        99,
      ),
    };
    return Object.entries(fields).map(([field, value]) => ({ field, value: String(value) }));
  });
}
