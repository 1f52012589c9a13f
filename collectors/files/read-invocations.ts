import { correlate } from '../correlator/correlator.ts';
import type { CorrelatorOptions } from '../correlator/types.ts';
import type { Invocation } from '../model.ts';
import { type ReadOptions, readLogEvents } from './read-inputs.ts';

/** The invocations of local inputs, streamed: files → events → correlator. */
export function readInvocations(
  inputs: string[],
  options: ReadOptions & CorrelatorOptions = {},
): AsyncIterable<Invocation> {
  return correlate(readLogEvents(inputs, options), options);
}
