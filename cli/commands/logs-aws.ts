/**
 * `lambdalens logs --function …`: the same output as on local input, read from CloudWatch
 * Logs (history, `--follow` polling or `--live` Live Tail), optionally with X-Ray traces.
 */
import type { Command } from 'commander';
import { openAwsLogSource } from '../../collectors/cloudwatch-logs/aws-log-source.ts';
import type { SourceStatus } from '../../collectors/cloudwatch-logs/source-status.ts';
import { correlate } from '../../collectors/correlator/correlator.ts';
import { UsageError } from '../../collectors/kernel/index.ts';
import { attachTraces, type InvocationWithTrace } from '../../collectors/xray/attach.ts';
import { createTraceFetcher } from '../../collectors/xray/fetcher.ts';
import {
  type AwsFlagValues,
  addAwsFlags,
  awsSessionOptions,
  collect,
  parseFunctionList,
} from '../flags/aws.ts';
import { parseTimeRange } from '../flags/time.ts';
import { formatInvocationText } from '../output/invocation-text.ts';
import { createLineWriter } from '../output/line-writer.ts';
import { printInvocations } from './logs.ts';

export interface AwsLogsFlags extends AwsFlagValues {
  function: string[];
  logGroup: string[];
  since?: string;
  until?: string;
  follow?: boolean;
  live?: boolean;
  traces?: boolean;
  filterPattern?: string;
  lookBack?: string;
}

export function addAwsLogsFlags(cmd: Command): Command {
  cmd
    .option(
      '-f, --function <names>',
      'read these functions from AWS: names, comma-separated; name* for a prefix',
      collect,
      [],
    )
    .option('--log-group <name>', 'read this log group from AWS (repeatable)', collect, [])
    .option('--since <time>', 'start: 15m, 1h, 2d, ISO time or epoch ms (default 10m)')
    .option('--until <time>', 'end, same forms as --since (history only)')
    .option('--follow', 'keep polling for new events (FilterLogEvents)')
    .option('--live', 'follow with CloudWatch Live Tail (billed per minute), gaps filled by polling')
    .option('--traces', 'attach X-Ray traces to invocations (needs xray:BatchGetTraces)')
    .option('--filter-pattern <pattern>', 'CloudWatch Logs filter pattern, passed to the service')
    .option('--look-back <seconds>', 'window re-read in follow mode to catch late events', '60');
  return addAwsFlags(cmd);
}

function traceSummary(x: InvocationWithTrace): Record<string, unknown> {
  const l = x.lambda;
  return {
    match: x.match,
    traceId: x.trace?.traceId ?? null,
    durationMs: x.trace?.durationMs ?? null,
    initializationMs: l?.initialization?.endTime
      ? l.initialization.endTime - l.initialization.startTime
      : null,
    calls: (l?.downstream ?? []).map((s) => ({
      name: s.name,
      operation: s.aws?.operation ?? null,
      status: s.http?.status ?? null,
      ms: s.endTime === null ? null : s.endTime - s.startTime,
      error: s.error,
      fault: s.fault,
      throttle: s.throttle,
    })),
  };
}

function statusNote(s: SourceStatus): string[] {
  const notes: string[] = [];
  for (const g of s.groups) if (g.missing) notes.push(`log group ${g.logGroup} does not exist (yet)`);
  if (s.throttleCount > 0)
    notes.push(`AWS throttled ${s.throttleCount} calls; lambdalens slowed down and caught up`);
  if (s.seenOverflow > 0)
    notes.push(`${s.seenOverflow} event IDs fell out of the dedupe bound (duplicates possible)`);
  return notes;
}

/** Runs the AWS branch of `logs`; Ctrl-C ends a follow cleanly. */
export async function runAwsLogs(
  flags: AwsLogsFlags,
  print: { output: 'text' | 'ndjson'; maxLines: number; maxOpen: number },
): Promise<void> {
  if (flags.follow && flags.live) throw new UsageError('choose --follow or --live, not both');
  const lookBack = Number(flags.lookBack ?? '60');
  if (!(Number.isFinite(lookBack) && lookBack >= 0))
    throw new UsageError(`--look-back must be seconds, not "${flags.lookBack}"`);
  const range = parseTimeRange(flags.since, flags.until, Date.now());
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once('SIGINT', onSigint);
  try {
    const source = await openAwsLogSource({
      ...awsSessionOptions(flags, abort.signal),
      functions: flags.function.length > 0 ? parseFunctionList(flags.function) : undefined,
      logGroups: flags.logGroup,
      mode: flags.live ? 'live' : flags.follow ? 'follow' : 'history',
      startTime: range.startTime,
      endTime: range.endTime,
      filterPattern: flags.filterPattern,
      follow: { lookBackMs: lookBack * 1000 },
      live: { lookBackMs: lookBack * 1000 },
    });
    if (!flags.traces) {
      await printInvocations(source.events, { ...print }, process.stdout, process.stderr);
    } else {
      const writer = createLineWriter(process.stdout as never);
      const fetcher = createTraceFetcher({ client: source.session.xray, ctx: source.session.ctx });
      const invocations = correlate(source.events, {
        maxLinesPerInvocation: print.maxLines,
        maxOpenInvocations: print.maxOpen,
      });
      for await (const x of attachTraces(invocations, { fetcher })) {
        if (print.output === 'ndjson') {
          await writer.write(`${JSON.stringify({ ...x.invocation, trace: traceSummary(x) })}\n`);
        } else {
          const t = traceSummary(x);
          await writer.write(formatInvocationText(x.invocation, { color: process.stdout.isTTY === true }));
          await writer.write(`  trace: ${t.match}${t.traceId ? ` ${t.traceId}` : ''}\n`);
        }
      }
      await writer.end();
    }
    for (const note of statusNote(source.status.snapshot())) process.stderr.write(`lambdalens: ${note}\n`);
  } finally {
    process.off('SIGINT', onSigint);
  }
}
