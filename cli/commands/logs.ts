/**
 * `lambdalens logs <inputs…>`: invocations of local inputs, grouped one block per request
 * (coloured on a terminal) or one JSON object per invocation with `--output ndjson`.
 */
import type { Command } from 'commander';
import { createCorrelator } from '../../collectors/correlator/correlator.ts';
import {
  createInputReport,
  type InputReport,
  readLogEventBatches,
} from '../../collectors/files/read-inputs.ts';
import { UsageError } from '../../collectors/kernel/index.ts';
import type { Invocation, LogEvent } from '../../collectors/model.ts';
import { parsePositiveInt } from '../options.ts';
import { reportInputProblems } from '../output/input-problems.ts';
import { formatInvocationText } from '../output/invocation-text.ts';
import { createLineWriter } from '../output/line-writer.ts';
import { type AwsLogsFlags, addAwsLogsFlags, runAwsLogs } from './logs-aws.ts';

export interface LogsOptions {
  output: 'text' | 'ndjson';
  functionName?: string;
  maxLines: number;
  maxOpen: number;
  color?: boolean;
}

/** Invocation as NDJSON: the public contract of `--output ndjson`. */
export function invocationJson(inv: Invocation): string {
  return JSON.stringify(inv);
}

const MAX_KEPT_UNATTRIBUTED = 1000;

/** Runs the logs pipeline over any event source (single events or batches). */
export async function printInvocations(
  events: AsyncIterable<LogEvent | LogEvent[]>,
  options: LogsOptions,
  out: NodeJS.WritableStream & { isTTY?: boolean },
  err: NodeJS.WritableStream,
): Promise<{ invocations: number; unattributed: number }> {
  const writer = createLineWriter(out as never);
  const style = { color: options.color ?? out.isTTY === true };
  const correlator = createCorrelator({
    maxLinesPerInvocation: options.maxLines,
    maxOpenInvocations: options.maxOpen,
    functionName: options.functionName,
  });
  const outside: string[] = [];
  let invocations = 0;
  const emit = async (list: Invocation[]) => {
    for (const inv of list) {
      invocations++;
      await writer.write(
        options.output === 'ndjson' ? `${invocationJson(inv)}\n` : formatInvocationText(inv, style),
      );
    }
  };
  for await (const item of events) {
    for (const event of Array.isArray(item) ? item : [item]) {
      const { requestId, completed } = correlator.push(event);
      if (requestId === null && outside.length < MAX_KEPT_UNATTRIBUTED) outside.push(event.message.trimEnd());
      if (completed.length > 0) await emit(completed);
    }
  }
  await emit(correlator.flush());
  const stats = correlator.stats();
  if (stats.unattributed > 0) {
    if (options.output === 'text') {
      await writer.write(`Lines outside any invocation (${stats.unattributed}):\n`);
      for (const line of outside) await writer.write(`  ${line}\n`);
      if (stats.unattributed > outside.length) {
        await writer.write(`  … ${stats.unattributed - outside.length} more\n`);
      }
    } else {
      err.write(
        `lambdalens: ${stats.unattributed} lines belong to no invocation (see them with --output text)\n`,
      );
    }
  }
  if (stats.droppedLines > 0) {
    err.write(`lambdalens: ${stats.droppedLines} lines over --max-lines were counted but not kept\n`);
  }
  if (stats.evicted > 0) {
    err.write(`lambdalens: ${stats.evicted} invocations were closed early at the --max-open bound\n`);
  }
  await writer.end();
  return { invocations, unattributed: stats.unattributed };
}

export function registerLogsCommand(program: Command): void {
  const cmd = program
    .command('logs')
    .description('print invocations of local log files or stdin (-), one block per request')
    .argument(
      '[inputs...]',
      'log files: console/sam text, aws logs JSON, subscription payloads, NDJSON; - for stdin',
    )
    .option('-o, --output <format>', 'text or ndjson', 'text')
    .option('--function-name <name>', 'function name for inputs that carry no log group (default: file name)')
    .option('--max-lines <n>', 'lines kept per invocation', parsePositiveInt, 1000)
    .option('--max-open <n>', 'invocations open at once', parsePositiveInt, 10000);
  addAwsLogsFlags(cmd).action(
    async (
      inputs: string[],
      opts: { output: string; functionName?: string; maxLines: number; maxOpen: number } & AwsLogsFlags,
    ) => {
      if (opts.output !== 'text' && opts.output !== 'ndjson') {
        throw new UsageError(`--output must be text or ndjson, not "${opts.output}"`);
      }
      if (opts.function.length > 0 || opts.logGroup.length > 0) {
        if (inputs.length > 0)
          throw new UsageError('give either local inputs or --function/--log-group, not both');
        await runAwsLogs(opts, { output: opts.output, maxLines: opts.maxLines, maxOpen: opts.maxOpen });
        return;
      }
      if (inputs.length === 0)
        throw new UsageError('give log files (or - for stdin), or --function to read from AWS');
      const report: InputReport = createInputReport();
      await printInvocations(
        readLogEventBatches(inputs, { functionName: opts.functionName, report }),
        {
          output: opts.output,
          functionName: opts.functionName,
          maxLines: opts.maxLines,
          maxOpen: opts.maxOpen,
        },
        process.stdout,
        process.stderr,
      );
      process.exitCode = reportInputProblems(report, process.stderr);
    },
  );
}
