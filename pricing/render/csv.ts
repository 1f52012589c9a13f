/**
 * CSV for spreadsheets: one row per function with every figure, then one row per account
 * line and standing charge (amount in `totalCostUsd`), then TOTAL. Money is written as the
 * exact decimal, so a spreadsheet's SUM of the rows equals the TOTAL row. A name a
 * spreadsheet would run as a formula is written as text.
 */
import type { CostReport } from '../report/types.ts';
import { inputNotWholeLine } from './summary.ts';

const FIELDS = [
  'functionName',
  'region',
  'architecture',
  'invocations',
  'billedGbSeconds',
  'computeCostUsd',
  'requestCostUsd',
  'ephemeralStorageCostUsd',
  'snapStartRestoreCostUsd',
  'lambdaCostUsd',
  'logsBytes',
  'logsCostUsd',
  'xrayTraces',
  'xrayCostUsd',
  'totalCostUsd',
  'accountId',
  'p50Ms',
  'p95Ms',
  'p99Ms',
  'coldStarts',
  'coldStartCostUsd',
  'provisionedInvocations',
  'timeouts',
  'errors',
  'ooms',
  'crashes',
  'configuredMemoryMB',
  'maxMemoryUsedMB',
  'recommendedMemoryMB',
  'memoryAdvice',
  'memorySavingUsd',
  'arm64SavingUsd',
  'changePct',
  'rowType',
  'note',
] as const;

type Value = string | number | null;

/**
 * The columns of words, not figures: names come from whoever writes to a log group or names
 * a file. A figure may begin with `-` (a free tier takes money off) and stays a number.
 */
const TEXT_FIELDS: ReadonlySet<string> = new Set<(typeof FIELDS)[number]>([
  'functionName',
  'region',
  'architecture',
  'accountId',
  'memoryAdvice',
  'rowType',
  'note',
]);

/** What a spreadsheet runs as a formula (or a DDE call) when a cell begins with it. */
const FORMULA_START = /^[=+\-@\t\r]/;

function cell(value: Value, text: boolean): string {
  if (value === null) return '';
  let s = String(value);
  // A leading `'` is the spreadsheets' own mark for "text": the name is shown, never run.
  if (text && FORMULA_START.test(s)) s = `'${s}`;
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function line(values: Partial<Record<(typeof FIELDS)[number], Value>>): string {
  return FIELDS.map((f) => cell(values[f] ?? null, TEXT_FIELDS.has(f))).join(',');
}

export function renderCsv(report: CostReport): string {
  const out = [FIELDS.join(',')];
  for (const f of report.functions) {
    // A function not priced has no Lambda amounts: empty cells, not 0, and why in its note.
    const lambda = (exact: string | undefined) => (f.notPriced ? null : (exact ?? 0));
    out.push(
      line({
        functionName: f.functionName,
        region: f.region,
        architecture: f.architecture,
        invocations: f.invocations,
        billedGbSeconds: f.billedGbSeconds,
        computeCostUsd: lambda(f.exact.compute),
        requestCostUsd: lambda(f.exact.request),
        ephemeralStorageCostUsd: lambda(f.exact.ephemeralStorage),
        snapStartRestoreCostUsd: lambda(f.exact.snapStartRestore),
        lambdaCostUsd: lambda(f.exact.lambda),
        logsBytes: f.logs.bytes,
        logsCostUsd: f.logs.costUsd === null ? null : (f.exact.logs ?? null),
        xrayTraces: f.xray.traces,
        xrayCostUsd: f.xray.costUsd === null ? null : (f.exact.xray ?? null),
        totalCostUsd: f.exact.total ?? null,
        accountId: f.accountId,
        p50Ms: f.durationMs.p50,
        p95Ms: f.durationMs.p95,
        p99Ms: f.durationMs.p99,
        coldStarts: f.coldStarts,
        coldStartCostUsd: f.notPriced ? null : f.coldStartCostUsd,
        provisionedInvocations: f.provisioned.invocations,
        timeouts: f.timeouts.count,
        errors: f.errors.count,
        ooms: f.ooms.count,
        crashes: f.crashes.count,
        configuredMemoryMB: f.memory.configuredMB,
        maxMemoryUsedMB: f.memory.maxUsedMB,
        recommendedMemoryMB: f.memory.recommendedMB,
        memoryAdvice: f.memory.recommendation,
        memorySavingUsd: f.notPriced ? null : f.memory.savingUsd,
        arm64SavingUsd: f.arm64SavingUsd,
        changePct: f.changePct,
        rowType: 'function',
        note: f.notPriced?.message ?? null,
      }),
    );
  }
  for (const a of report.adjustments) {
    out.push(
      line({
        functionName: a.label,
        region: a.region,
        architecture: a.architecture,
        accountId: a.accountId,
        totalCostUsd: a.exactUsd,
        rowType: a.charge,
        note: `${a.usage}${a.derivedPrices ? '; derived prices' : ''}`,
      }),
    );
  }
  for (const s of report.standing) {
    out.push(
      line({
        functionName: s.functionName,
        region: s.region,
        accountId: s.accountId,
        totalCostUsd: s.exactUsd,
        rowType: s.kind,
        note: [s.basis, s.note].filter(Boolean).join('; '),
      }),
    );
  }
  for (const input of report.inputsNotWhole ?? []) {
    out.push(
      line({
        functionName: input.input,
        rowType: input.readInPart ? 'input-read-in-part' : 'input-not-read',
        note: inputNotWholeLine(input),
      }),
    );
  }
  out.push(
    line({
      functionName: 'TOTAL',
      invocations: report.coverage.priced,
      totalCostUsd: report.exact.total ?? null,
      rowType: 'total',
      note: `${report.coverage.priced} of ${report.coverage.invocations} invocations priced`,
    }),
  );
  return `${out.join('\n')}\n`;
}
