/**
 * What `--traces` / `--traces-file` attach to printed invocations, loaded only when asked
 * for: traces fetched from X-Ray for an AWS source, or looked up in a file of `aws xray
 * batch-get-traces` output for any source. Invocations wait briefly for their traces in
 * batches either way, and longer only while X-Ray may still be indexing a trace
 * (collectors/xray/attach.ts).
 */
import type { AwsLogSource } from '../../collectors/cloudwatch-logs/aws-log-source.ts';
import { systemClock } from '../../collectors/kernel/index.ts';
import type { Invocation } from '../../collectors/model.ts';
import type { TraceFetcher } from '../../collectors/xray/fetcher.ts';
import type { TraceFileMatches } from '../../collectors/xray/trace-file.ts';
import type { TraceChoice } from '../flags/traces.ts';
import type { PrintOptions } from './print-invocations.ts';
import type { TraceFileRun } from './trace-file-notes.ts';

/**
 * What joins traces to the invocations printed, or undefined when no traces are wanted. A
 * file's skipped entries are said when it is read, and that none of its traces matched,
 * once every invocation has gone through (trace-file-notes.ts).
 */
export async function traceAttacher(
  traces: TraceChoice,
  aws: AwsLogSource | null,
  err: NodeJS.WritableStream = process.stderr,
): Promise<PrintOptions['attachTraces']> {
  let fetcher: TraceFetcher;
  let clock = systemClock;
  let file: TraceFileRun | null = null;
  if (traces.file) {
    const [{ createFileTraceFetcher }, { readTraceFileSaying }] = await Promise.all([
      import('../../collectors/xray/trace-file.ts'),
      import('./trace-file-notes.ts'),
    ]);
    file = await readTraceFileSaying(traces.file, err);
    fetcher = createFileTraceFetcher(file.matches.traces);
  } else if (traces.fetch && aws) {
    const { createTraceFetcher } = await import('../../collectors/xray/fetcher.ts');
    fetcher = createTraceFetcher({ client: aws.session.xray, ctx: aws.session.ctx });
    clock = aws.session.ctx.clock;
  } else {
    return undefined;
  }
  const { attachTraces } = await import('../../collectors/xray/attach.ts');
  if (!file) return (invocations) => attachTraces(invocations, { fetcher, clock });
  const { matches, end } = file;
  return async function* (invocations) {
    yield* attachTraces(noted(invocations, matches), { fetcher, clock });
    end();
  };
}

/** The invocations as they go to be joined, each noted for what the file's traces find. */
async function* noted(
  invocations: AsyncIterable<Invocation>,
  matches: TraceFileMatches,
): AsyncGenerator<Invocation> {
  for await (const invocation of invocations) {
    matches.note(invocation);
    yield invocation;
  }
}
