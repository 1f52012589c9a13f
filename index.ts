/**
 * lambdalens as a library: the invocation model, reading and correlating Lambda logs,
 * pricing, and the shippers. What the CLI does, callable from code. Named exports only.
 */

export { correlate, createCorrelator } from './collectors/correlator/correlator.ts';
export type { CorrelatorOptions } from './collectors/correlator/types.ts';
export {
  type AwsSourceSpec,
  type EventSource,
  type EventSourceSpec,
  eachEvent,
  type LocalSourceSpec,
  openEventSource,
} from './collectors/event-source.ts';
export { type InputReport, readLogEventBatches, readLogEvents } from './collectors/files/read-inputs.ts';
export { readInvocations } from './collectors/files/read-invocations.ts';
export {
  type BackoffPolicy,
  type Clock,
  ConfigError,
  LambdalensError,
  type Logger,
  UsageError,
} from './collectors/kernel/index.ts';
export type {
  Architecture,
  FunctionConfig,
  Invocation,
  InvocationLine,
  InvocationStatus,
  LogEvent,
} from './collectors/model.ts';
export { parseLine } from './collectors/parser/parse-line.ts';
export {
  AWS_LIST_PRICES,
  buildReport,
  CostAggregator,
  type CostReport,
  estimate,
  loadPriceList,
  monthPeriod,
  rangePeriod,
} from './pricing/index.ts';
export { documentsFromEvents } from './shippers/assemble.ts';
export {
  createElasticsearchShipper,
  type ElasticsearchShipperConfig,
} from './shippers/elasticsearch/shipper.ts';
export { createNdjsonShipper } from './shippers/ndjson/shipper.ts';
export type { ShipDocument, Shipper, ShipResult } from './shippers/types.ts';
