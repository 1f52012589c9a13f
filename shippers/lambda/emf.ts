/** The shipper's counters as CloudWatch Embedded Metric Format: one JSON line in its own log. */
import type { ShipCounters } from '../types.ts';

export const EMF_NAMESPACE = 'lambdalens/shipper';

export interface BatchMetrics extends ShipCounters {
  /** Log events in the subscription payload. */
  events: number;
  /** Events whose fields were not of the expected type (kept, with what could be read). */
  malformed: number;
  /**
   * Events a warm container stopped keeping for its streams' next batches, past the carry's
   * bounds (stream-carry.ts): shipped, but their requests' later lines correlate without them.
   */
  carryLetGo: number;
}

export function emfRecord(metrics: BatchMetrics, dimensions: { logGroup: string }, timestamp: number) {
  const names = Object.keys(metrics) as (keyof BatchMetrics)[];
  return {
    _aws: {
      Timestamp: timestamp,
      CloudWatchMetrics: [
        {
          Namespace: EMF_NAMESPACE,
          Dimensions: [['LogGroup']],
          Metrics: names.map((Name) => ({ Name, Unit: 'Count' })),
        },
      ],
    },
    LogGroup: dimensions.logGroup,
    ...metrics,
  };
}
