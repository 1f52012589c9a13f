/**
 * What `--traces` / `--traces-file` attach to printed invocations, loaded only when asked
 * for: traces fetched from X-Ray for an AWS source, or looked up in a file of `aws xray
 * batch-get-traces` output for any source. Invocations wait briefly for their traces in
 * batches either way, and longer only while X-Ray may still be indexing a trace
 * (collectors/xray/attach.ts).
 */
import type { AwsLogSource } from '../../collectors/cloudwatch-logs/aws-log-source.ts';
import { systemClock } from '../../collectors/kernel/index.ts';
import type { TraceFetcher } from '../../collectors/xray/fetcher.ts';
import type { TraceChoice } from '../flags/traces.ts';
import type { PrintOptions } from './print-invocations.ts';

/** What joins traces to the invocations printed, or undefined when no traces are wanted. */
export async function traceAttacher(
  traces: TraceChoice,
  aws: AwsLogSource | null,
): Promise<PrintOptions['attachTraces']> {
  let fetcher: TraceFetcher;
  let clock = systemClock;
  if (traces.file) {
    const { createFileTraceFetcher, readTraceFile } = await import('../../collectors/xray/trace-file.ts');
    fetcher = createFileTraceFetcher(await readTraceFile(traces.file.path, traces.file.flag));
  } else if (traces.fetch && aws) {
    const { createTraceFetcher } = await import('../../collectors/xray/fetcher.ts');
    fetcher = createTraceFetcher({ client: aws.session.xray, ctx: aws.session.ctx });
    clock = aws.session.ctx.clock;
  } else {
    return undefined;
  }
  const { attachTraces } = await import('../../collectors/xray/attach.ts');
  return (invocations) => attachTraces(invocations, { fetcher, clock });
}
