/**
 * The CloudWatch Logs subscription handler. It ships one payload within the invocation's
 * deadline; whatever is neither indexed nor dead-lettered by then makes it throw, so that
 * Lambda delivers the batch again, which is safe because every `_id` is deterministic.
 */

import { oddEventCounts } from '../../collectors/cloudwatch-logs/event-fields.ts';
import { decodeAwslogsData, payloadEvents } from '../../collectors/cloudwatch-logs/subscription-payload.ts';
import {
  type Clock,
  jsonLogger,
  LambdalensError,
  type Logger,
  systemClock,
} from '../../collectors/kernel/index.ts';
import { buildBatchDocuments, type StreamCarry } from '../assemble.ts';
import type { Pricer } from '../documents.ts';
import { LetGoRequests } from '../let-go.ts';
import { type CarryBounds, carryLetGoMessage, carryLetGoTotal } from '../stream-carry.ts';
import type { Shipper, ShipResult } from '../types.ts';
import { type BatchMetrics, emfRecord } from './emf.ts';

export interface SubscriptionEvent {
  awslogs?: { data?: unknown };
}

/** The part of the Lambda context the handler uses. */
export interface DeadlineContext {
  getRemainingTimeInMillis(): number;
  awsRequestId?: string;
}

export interface HandlerDeps {
  shipper: Shipper;
  pricer?: Pricer | undefined;
  region?: string | undefined;
  /** Stop shipping this long before Lambda's own timeout. */
  marginMs?: number | undefined;
  clock?: Clock | undefined;
  /** Writes one line to the function's own log (EMF). */
  writeLine?: ((line: string) => void) | undefined;
  /**
   * Asked, with the time it may take, before a batch is written; throws to refuse the
   * batch (which Lambda then retries, or sends to the failure destination).
   */
  beforeWrite?: ((timeoutMs: number) => Promise<void>) | undefined;
  /** Bounds on what a warm container keeps of each stream between batches (stream-carry.ts). */
  carry?: CarryBounds | undefined;
  /** Where warnings go (the carry letting events go); JSON lines on stderr by default. */
  logger?: Logger | undefined;
}

export type HandlerResult = { kind: 'control-message' } | { kind: 'shipped'; metrics: BatchMetrics };

/** Thrown so Lambda retries the batch: some documents were neither indexed nor dead-lettered. */
export class ShipIncompleteError extends LambdalensError {
  readonly metrics: BatchMetrics;
  constructor(message: string, metrics: BatchMetrics, options?: { cause?: unknown }) {
    super(message, { ...options, retryable: true });
    this.name = 'ShipIncompleteError';
    this.metrics = metrics;
  }
}

/** A payload that is not a subscription delivery at all; retrying it cannot help. */
export class BadPayloadError extends LambdalensError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BadPayloadError';
  }
}

export function createSubscriptionHandler(deps: HandlerDeps) {
  const clock = deps.clock ?? systemClock;
  const margin = deps.marginMs ?? 3_000;
  const write = deps.writeLine ?? ((line: string) => process.stdout.write(`${line}\n`));
  const logger = deps.logger ?? jsonLogger();
  // Per warm container: what each stream's next batch replays (requests still open, see stream-carry.ts).
  const carry: StreamCarry = new Map();
  // Per warm container too: requests let go `incomplete`, for their late REPORT (let-go.ts).
  const letGo = new LetGoRequests();

  return async function handle(event: SubscriptionEvent, context: DeadlineContext): Promise<HandlerResult> {
    const started = clock.now();
    const data = event?.awslogs?.data;
    if (typeof data !== 'string') {
      throw new BadPayloadError(
        'event.awslogs.data is missing or not a string: not a CloudWatch Logs subscription',
      );
    }
    let payload: ReturnType<typeof decodeAwslogsData>;
    try {
      payload = decodeAwslogsData(data);
    } catch (cause) {
      throw new BadPayloadError(`cannot decode event.awslogs.data: ${(cause as Error).message}`, { cause });
    }
    if (payload.messageType === 'CONTROL_MESSAGE') return { kind: 'control-message' };
    const deadline = started + context.getRemainingTimeInMillis() - margin;
    await deps.beforeWrite?.(deadline - clock.now());
    // Fields of odd types are read as the file readers read them, and counted.
    const odd = oddEventCounts();
    const events = payloadEvents(payload, odd);
    const malformed = odd.events;
    const batch = buildBatchDocuments(events, carry, {
      meta: {
        region: deps.region,
        accountId: typeof payload.owner === 'string' ? payload.owner : null,
        subscriptionFilters: Array.isArray(payload.subscriptionFilters)
          ? payload.subscriptionFilters.filter((f): f is string => typeof f === 'string')
          : undefined,
        policyLevel: typeof payload.policyLevel === 'string' ? payload.policyLevel : null,
      },
      pricer: deps.pricer,
      clock,
      letGo,
      ...deps.carry,
    });
    const result: ShipResult = await deps.shipper.ship(batch.documents, { deadline });
    // The carry moves on only with a delivered batch: a retry is built from the same one.
    const carried = result.kind === 'incomplete' ? null : batch.commitCarry();
    const carryLetGo = carried ? carryLetGoTotal(carried) : 0;
    const metrics: BatchMetrics = { events: events.length, malformed, ...result.counters, carryLetGo };
    write(JSON.stringify(emfRecord(metrics, { logGroup: payload.logGroup }, clock.now())));
    if (carried && carryLetGo > 0)
      logger.warn(carryLetGoMessage(carried, deps.carry), { logGroup: payload.logGroup });
    if (result.kind === 'incomplete') {
      throw new ShipIncompleteError(
        `${result.counters.pending} of ${result.counters.received} documents of ${payload.logGroup} ${payload.logStream} ` +
          `were not delivered (${result.reason.kind}: ${result.reason.message}); failing so Lambda retries the batch`,
        metrics,
      );
    }
    return { kind: 'shipped', metrics };
  };
}
