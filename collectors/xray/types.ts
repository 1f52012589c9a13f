/**
 * A trace as lambdalens shows it: segments rebuilt into a tree (by `parent_id`, never by
 * position in the API's list) with the Lambda parts located by `origin` and name.
 */

export interface TraceHttp {
  method?: string | undefined;
  url?: string | undefined;
  status?: number | undefined;
}

/** A segment or subsegment. Times are epoch milliseconds. */
export interface TraceSegment {
  id: string;
  name: string;
  kind: 'segment' | 'subsegment';
  /** `AWS::Lambda`, `AWS::Lambda::Function`, `AWS::DynamoDB::Table`… (segments only). */
  origin: string | null;
  parentId: string | null;
  startTime: number;
  endTime: number | null;
  inProgress: boolean;
  inferred: boolean;
  /** `aws` for AWS SDK calls, `remote` for other HTTP calls. */
  namespace: string | null;
  http: TraceHttp | null;
  /** The segment's `aws` block, as recorded (operation, request_id, table_name…). */
  aws: Record<string, unknown> | null;
  error: boolean;
  fault: boolean;
  throttle: boolean;
  /** Exception summary from `cause`: `Type: message` of each exception, or the exception id. */
  causes: string[];
  annotations: Record<string, unknown>;
  /** `resource_arn` of a segment (the function ARN on AWS::Lambda segments). */
  resourceArn: string | null;
  /** Sorted by start time. */
  children: TraceSegment[];
}

/** The Lambda view of one traced invocation. */
export interface LambdaTraceParts {
  /** `aws.request_id` of the AWS::Lambda service segment. */
  requestId: string | null;
  functionArn: string | null;
  service: TraceSegment | null;
  function: TraceSegment | null;
  initialization: TraceSegment | null;
  invocation: TraceSegment | null;
  overhead: TraceSegment | null;
  /** Calls the function made (subsegments with http or aws blocks), depth first. */
  downstream: TraceSegment[];
}

export interface Trace {
  traceId: string;
  durationMs: number | null;
  /** Top-level segments (no parent inside this trace), sorted by start time. */
  roots: TraceSegment[];
  /** One entry per AWS::Lambda service segment in the trace. */
  lambdas: LambdaTraceParts[];
  /** Segment documents that could not be read, with the reason. */
  unreadable: { id: string; reason: string }[];
}
