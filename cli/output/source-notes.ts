/**
 * What a CloudWatch source wants the user to know when it ends: missing groups, throttling
 * it absorbed, a dedupe bound that overflowed.
 */
import type { SourceStatus } from '../../collectors/cloudwatch-logs/source-status.ts';

export function sourceNotes(s: SourceStatus): string[] {
  const notes: string[] = [];
  for (const g of s.groups) if (g.missing) notes.push(`log group ${g.logGroup} does not exist (yet)`);
  if (s.throttleCount > 0)
    notes.push(`AWS throttled ${s.throttleCount} calls; lambdalens slowed down and caught up`);
  if (s.seenOverflow > 0)
    notes.push(`${s.seenOverflow} event IDs fell out of the dedupe bound (duplicates possible)`);
  return notes;
}
