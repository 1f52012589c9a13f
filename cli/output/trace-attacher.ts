/**
 * What `--traces` attaches to printed invocations, loaded only when asked for: traces
 * fetched from X-Ray for an AWS source, or looked up in a file of `aws xray
 * batch-get-traces` output for any source. Invocations wait briefly for their traces in
 * batches either way, and longer only while X-Ray may still be indexing a trace
 * (collectors/xray/attach.ts).
 */
import type { AwsLogSource } from '../../collectors/cloudwatch-logs/aws-log-source.ts';
import { systemClock, UsageError } from '../../collectors/kernel/index.ts';
import type { TraceFetcher } from '../../collectors/xray/fetcher.ts';
import type { PrintOptions } from './print-invocations.ts';

export async function traceAttacher(
  traces: true | string,
  aws: AwsLogSource | null,
): Promise<NonNullable<PrintOptions['attachTraces']>> {
  const { attachTraces } = await import('../../collectors/xray/attach.ts');
  let fetcher: TraceFetcher;
  let clock = systemClock;
  if (typeof traces === 'string') {
    const { createFileTraceFetcher, readTraceFile } = await import('../../collectors/xray/trace-file.ts');
    fetcher = createFileTraceFetcher(await readTraceFile(traces));
  } else {
    if (!aws)
      throw new UsageError('--traces without a file reads X-Ray: add --function, or give a file of traces');
    const { createTraceFetcher } = await import('../../collectors/xray/fetcher.ts');
    fetcher = createTraceFetcher({ client: aws.session.xray, ctx: aws.session.ctx });
    clock = aws.session.ctx.clock;
  }
  return (invocations) => attachTraces(invocations, { fetcher, clock });
}
