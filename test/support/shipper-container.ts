/**
 * A warm container of the log-shipping Lambda, for tests that deliver a stream in parts:
 * its own carry and requests let go, priced as in us-east-1 on x86_64, metrics kept quiet.
 * Each delivery answers with the batch's metrics, or null when it was not all shipped.
 */
import type { LogEvent } from '../../collectors/model.ts';
import type { BatchMetrics } from '../../shippers/lambda/emf.ts';
import { createSubscriptionHandler } from '../../shippers/lambda/handler.ts';
import { createPricer } from '../../shippers/pricer.ts';
import type { Shipper } from '../../shippers/types.ts';
import { subscriptionEvent } from './shipper-fixtures.ts';

/** Ten seconds from each call, as a Lambda invocation has. */
export const lambdaContext = () => {
  const end = Date.now() + 10_000;
  return { getRemainingTimeInMillis: () => end - Date.now() };
};

export function shipperContainer(shipper: Shipper): (events: LogEvent[]) => Promise<BatchMetrics | null> {
  const handle = createSubscriptionHandler({
    shipper,
    region: 'us-east-1',
    marginMs: 300,
    pricer: createPricer({ region: 'us-east-1', architecture: 'x86_64' }),
    writeLine: () => {},
  });
  return async (events) => {
    const out = await handle(subscriptionEvent(events), lambdaContext());
    return out.kind === 'shipped' ? out.metrics : null;
  };
}
