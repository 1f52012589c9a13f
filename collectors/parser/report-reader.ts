/**
 * REPORT lines in the shape CloudWatch writes them, read by walking the characters once
 * instead of matching the general pattern. A cost run over a Logs Insights export is
 * nothing but REPORT lines, and the pattern with its eleven optional captures was most of
 * what parsing one cost.
 *
 * It reads exactly the lines the usual REPORT pattern of `text-platform.ts` reads, in the
 * same field order, and gives the same record; anything it is not sure of (a character
 * outside ASCII, a field it does not expect, no whitespace between fields) it declines
 * with null, and the pattern decides. Tests hold the two to the same answer on every
 * fixture and on generated lines.
 */
import type { ReportLine } from './types.ts';

const PREFIX = 'REPORT RequestId:';

/** The characters `\s` means in the pattern, within ASCII. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** The pattern's number rule: `parseFloat`, null when it gives no finite number. */
export function reportNumber(value: string | undefined): number | null {
  if (value === undefined) return null;
  const n = Number.parseFloat(value);
  return Number.isFinite(n) ? n : null;
}

/**
 * A cursor over one line. Every step either advances or fails the whole read: the line is
 * then the pattern's to judge.
 */
class Cursor {
  at = 0;
  ok = true;
  constructor(readonly text: string) {}

  /** Skips whitespace (`\s*`), or requires some (`\s+`); fails on characters outside ASCII. */
  spaces(required: boolean): void {
    const text = this.text;
    const from = this.at;
    let i = from;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c > 127) {
        this.ok = false;
        return;
      }
      if (!isSpace(c)) break;
      i++;
    }
    if (required && i === from) this.ok = false;
    this.at = i;
  }

  /** Whether `literal` is next (without moving). */
  sees(literal: string): boolean {
    return this.ok && this.text.startsWith(literal, this.at);
  }

  /** `literal`, then `\s*` and a token (`\S+`): the token ends at whitespace or the line's end. */
  labelled(literal: string): string | undefined {
    if (!this.sees(literal)) {
      this.ok = false;
      return undefined;
    }
    this.at += literal.length;
    this.spaces(false);
    return this.token();
  }

  private token(): string | undefined {
    if (!this.ok) return undefined;
    const text = this.text;
    const from = this.at;
    let i = from;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c > 127) {
        this.ok = false;
        return undefined;
      }
      if (isSpace(c)) break;
      i++;
    }
    if (i === from) {
      this.ok = false;
      return undefined;
    }
    this.at = i;
    return text.slice(from, i);
  }

  /** A space and the unit (` ms`, ` MB`) right after a token. */
  unit(unit: string): void {
    if (!this.ok) return;
    const text = this.text;
    if (text.charCodeAt(this.at) !== 32 || !text.startsWith(unit, this.at + 1)) {
      this.ok = false;
      return;
    }
    this.at += 1 + unit.length;
  }

  /** `Label: <token> unit` followed by `\s+` (or `\s*` when `last`). */
  measure(label: string, unit: string, last: boolean): string | undefined {
    const value = this.labelled(label);
    this.unit(unit);
    this.spaces(!last);
    return value;
  }

  get done(): boolean {
    return this.ok && this.at === this.text.length;
  }
}

/**
 * The REPORT record of a line in CloudWatch's usual shape, or null when the line is not
 * one (the general parser then reads it). `text` starts at the line's first character.
 *
 * The optional parts, in the pattern's order: Init Duration; Restore and Billed Restore
 * Duration (SnapStart); Status and Error Type (failed invocations); the XRAY suffix.
 * Each token must end at whitespace before the next label: where the pattern would have
 * to backtrack into a token to find a label, this declines.
 */
export function readUsualReport(text: string): ReportLine | null {
  if (!text.startsWith(PREFIX)) return null;
  const c = new Cursor(text);
  c.at = PREFIX.length;
  c.spaces(false);
  const requestId = c.labelled('');
  c.spaces(true);
  const duration = c.measure('Duration:', 'ms', false);
  const billed = c.measure('Billed Duration:', 'ms', false);
  const memory = c.measure('Memory Size:', 'MB', false);
  const maxUsed = c.measure('Max Memory Used:', 'MB', true);
  let init: string | undefined;
  let restore: string | undefined;
  let billedRestore: string | undefined;
  let status: string | undefined;
  let errorType: string | undefined;
  let traceId: string | undefined;
  if (c.sees('Init Duration:')) init = c.measure('Init Duration:', 'ms', true);
  if (c.sees('Restore Duration:')) {
    restore = c.measure('Restore Duration:', 'ms', false);
    billedRestore = c.measure('Billed Restore Duration:', 'ms', true);
  }
  if (c.sees('Status:')) {
    // A token ends at whitespace, so one that runs into the next label
    // (`Status: errorError Type:`) leaves text this does not expect: the pattern's case.
    status = c.labelled('Status:');
    c.spaces(false);
    if (c.sees('Error Type:')) {
      errorType = c.labelled('Error Type:');
      c.spaces(false);
    }
  }
  if (c.sees('XRAY TraceId:')) {
    traceId = c.labelled('XRAY TraceId:');
    c.spaces(true);
    c.labelled('SegmentId:');
    c.spaces(true);
    c.labelled('Sampled:');
    c.spaces(false);
  }
  if (!c.done || requestId === undefined) return null;
  return {
    kind: 'report',
    requestId,
    durationMs: reportNumber(duration),
    billedDurationMs: reportNumber(billed),
    memorySizeMB: reportNumber(memory),
    maxMemoryUsedMB: reportNumber(maxUsed),
    initDurationMs: reportNumber(init),
    restoreDurationMs: reportNumber(restore),
    billedRestoreDurationMs: reportNumber(billedRestore),
    status: status ?? null,
    errorType: errorType ?? null,
    traceId: traceId ?? null,
  };
}
