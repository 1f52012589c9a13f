/**
 * How an event becomes an invocation's line, shared by the correlator and the REPORT-only
 * reading so that both build byte-identical lines.
 */
import { formatIso } from '../iso-time.ts';

/** An event's time as the line's ISO timestamp; an event without a usable time has none. */
export function isoTime(ms: number): string | null {
  return Number.isFinite(ms) ? formatIso(ms) : null;
}

/** The message without its trailing newlines (CR and LF), copied only when there are some. */
export function trimNewline(message: string): string {
  let end = message.length;
  while (end > 0) {
    const c = message.charCodeAt(end - 1);
    if (c !== 10 && c !== 13) break;
    end--;
  }
  return end === message.length ? message : message.slice(0, end);
}
