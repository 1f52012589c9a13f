/**
 * A request built again by a correlator of its own from the events of it that are kept,
 * as one reading of them all builds it: a request let go `incomplete` (its stream moved on
 * before its END and REPORT were read) whose REPORT came late. The shipper rebuilds its
 * invocation document so (shippers/assemble.ts), and `tail` its row (cli/tui/late-report.ts).
 */

import type { Invocation, LogEvent } from '../model.ts';
import { keepStreamFacts } from '../model.ts';
import { createCorrelator } from './correlator.ts';
import type { CorrelatorOptions } from './types.ts';

/**
 * The request `head` names (with no head, the last request the events complete), built from
 * `events`; an event read twice (a redelivery, one both carried and kept) counts once. What
 * `head` knew from its stream (runtime version, Region…) fills what the events do not say.
 * Null when the events complete no such request.
 */
export function requestBuiltAlone(
  head: Invocation | null,
  events: Iterable<LogEvent>,
  options: CorrelatorOptions,
): Invocation | null {
  const alone = createCorrelator(options);
  const ids = new Set<string>();
  const read = new Set<LogEvent>();
  let built: Invocation | null = null;
  const take = (invocations: Invocation[]) => {
    for (const inv of invocations) if (head === null || inv.requestId === head.requestId) built = inv;
  };
  for (const e of events) {
    if (e.eventId ? ids.has(e.eventId) : read.has(e)) continue;
    if (e.eventId) ids.add(e.eventId);
    else read.add(e);
    take(alone.push(e).completed);
  }
  take(alone.flush());
  return head === null || built === null ? built : keepStreamFacts(built, head);
}
