/** Cost from local log files: streamed through the correlator, one invocation at a time. */

import type { InputReport } from '../../collectors/files/read-inputs.ts';
import { readInvocations } from '../../collectors/files/read-invocations.ts';
import type { Invocation } from '../../collectors/model.ts';
import type { CostAggregator } from '../report/aggregator.ts';

/** Feeds any stream of invocations into the aggregator. */
export async function aggregateInvocations(
  agg: CostAggregator,
  invocations: AsyncIterable<Invocation>,
): Promise<void> {
  for await (const invocation of invocations) agg.addInvocation(invocation);
}

/** Reads, correlates and prices local inputs; `report` collects what could not be read. */
export async function aggregateFiles(
  agg: CostAggregator,
  inputs: string[],
  options: { report?: InputReport; functionName?: string } = {},
): Promise<void> {
  // Cost needs only the REPORT fields; keeping no lines keeps memory flat.
  await aggregateInvocations(
    agg,
    readInvocations(inputs, {
      maxLinesPerInvocation: 0,
      ...(options.report ? { report: options.report } : {}),
      ...(options.functionName ? { functionName: options.functionName } : {}),
    }),
  );
}
