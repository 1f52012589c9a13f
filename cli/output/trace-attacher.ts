/**
 * What `--traces` / `--traces-file` attach to printed invocations, loaded only when asked
 * for: traces fetched from X-Ray for an AWS source, or looked up in a file of `aws xray
 * batch-get-traces` output for any source. Invocations wait briefly for their traces in
 * batches either way, and longer only while X-Ray may still be indexing a trace
 * (collectors/xray/attach.ts).
 */
import type { AwsLogSource } from '../../collectors/cloudwatch-logs/aws-log-source.ts';
import { systemClock, UsageError } from '../../collectors/kernel/index.ts';
import type { TraceFetcher } from '../../collectors/xray/fetcher.ts';
import type { PrintOptions } from './print-invocations.ts';

export async function traceAttacher(
  traces: 'x-ray' | { path: string; flag: string },
  aws: AwsLogSource | null,
): Promise<NonNullable<PrintOptions['attachTraces']>> {
  const { attachTraces } = await import('../../collectors/xray/attach.ts');
  let fetcher: TraceFetcher;
  let clock = systemClock;
  if (traces !== 'x-ray') {
    const { createFileTraceFetcher, readTraceFile } = await import('../../collectors/xray/trace-file.ts');
    fetcher = createFileTraceFetcher(await readTraceFile(traces.path, traces.flag));
  } else {
    if (!aws)
      throw new UsageError(
        '--traces fetches from X-Ray, for --function or --log-group: add one, or give a file of traces with --traces-file',
      );
    const { createTraceFetcher } = await import('../../collectors/xray/fetcher.ts');
    fetcher = createTraceFetcher({ client: aws.session.xray, ctx: aws.session.ctx });
    clock = aws.session.ctx.clock;
  }
  return (invocations) => attachTraces(invocations, { fetcher, clock });
}
