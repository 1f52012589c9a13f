/**
 * Requests of one log stream that another START took the stream from before their REPORT.
 *
 * In the text format a new START used to end the stream's open request at once: one
 * environment runs one request at a time, so the old one would never report. That holds
 * only when the lines come in the stream's order, and two inputs break it:
 *
 * - events ingested late (a follower's look-back, a copy merged from two reads): a START
 *   stamped *before* the open request began is an earlier request of the stream arriving
 *   now. The open request is not over; it is set aside as `resumable` and takes the stream
 *   back when the late one reports, its later lines still to come.
 * - copies that order one millisecond's events their own way (`aws logs tail` copies,
 *   extension lines): the next START may come just before the old request's END and
 *   REPORT. The old request is `displaced`: it keeps the lines tagged with its ID until the
 *   request that displaced it reports (or the next START or new environment), and only then
 *   is let go, still before that request comes out. Live input waits past that REPORT:
 *   a later poll may still bring its END and REPORT, ingested late.
 *
 * Either way the request comes out once, with all its lines; closing it at the START gave
 * it out as `incomplete` and then again, whole, when its REPORT came. Requests set aside
 * are open invocations, so the bound on open invocations bounds these lists too.
 */
import type { OpenInvocation, SetAside, StreamState } from './state.ts';

/** Whether a START (or INIT_START) at `time` is stamped before `open` began: a late arrival. */
export function startsBefore(time: number, open: OpenInvocation): boolean {
  return Number.isFinite(time) && Number.isFinite(open.first) && time < open.first;
}

function asideOf(s: StreamState): SetAside {
  if (s.aside === null) s.aside = { resumable: [], displaced: null };
  return s.aside;
}

/** Sets `open` aside as resumable: a late START interrupted it. */
export function setAsideResumable(s: StreamState, open: OpenInvocation): void {
  asideOf(s).resumable.push(open);
}

/** Sets `open` aside as displaced (the one displaced before it was let go by `overAt`). */
export function setAsideDisplaced(s: StreamState, open: OpenInvocation): void {
  asideOf(s).displaced = open;
}

/** Takes `open` out of its stream's set-aside requests (it reported, closed, or started again). */
export function forgetAside(s: StreamState, open: OpenInvocation): void {
  const aside = s.aside;
  if (aside === null) return;
  if (aside.displaced === open) aside.displaced = null;
  const i = aside.resumable.indexOf(open);
  if (i >= 0) aside.resumable.splice(i, 1);
  if (aside.displaced === null && aside.resumable.length === 0) s.aside = null;
}

/** The request that takes the stream back when the one holding it reports or closes, if any. */
export function takeResumable(s: StreamState): OpenInvocation | null {
  const next = s.aside?.resumable.pop() ?? null;
  if (next !== null) forgetAside(s, next);
  return next;
}

/**
 * The set-aside request an untagged line stamped `time` belongs to: the latest-begun one
 * that began by then. A late request's own lines are stamped before every resumable one.
 */
export function resumableAt(s: StreamState, time: number): OpenInvocation | null {
  const resumable = s.aside?.resumable;
  if (!resumable || !Number.isFinite(time)) return null;
  for (const open of resumable) if (time >= open.first) return open;
  return null;
}

/**
 * What a START at `time` that is no late arrival ends in the stream, the first begun first:
 * the displaced request and the resumable ones that began by then (the stream moved past them).
 */
export function overAt(s: StreamState, time: number): OpenInvocation[] {
  const aside = s.aside;
  if (aside === null) return [];
  const over = aside.resumable.filter((open) => !startsBefore(time, open));
  if (aside.displaced !== null) over.push(aside.displaced);
  return over.sort(byBegun);
}

/** Every set-aside request of the stream and `current`, the first begun first (a new environment ends them all). */
export function allAside(s: StreamState, current: OpenInvocation | undefined): OpenInvocation[] {
  const all = s.aside === null ? [] : [...s.aside.resumable];
  if (s.aside?.displaced) all.push(s.aside.displaced);
  if (current) all.push(current);
  return all.sort(byBegun);
}

/** Orders requests by their first line's time (those without one keep their place). */
function byBegun(a: OpenInvocation, b: OpenInvocation): number {
  return a.first - b.first || 0;
}
