/**
 * `lambdalens ship`: backfills local files (or CloudWatch history) into Elasticsearch or an
 * NDJSON file, through the same documents and shipper the Lambda uses. Exits non-zero when
 * any document is left neither indexed nor dead-lettered.
 */
import type { Command } from 'commander';
import { openAwsLogSource } from '../../collectors/cloudwatch-logs/aws-log-source.ts';
import { createInputReport, readLogEvents } from '../../collectors/files/read-inputs.ts';
import { UsageError } from '../../collectors/kernel/index.ts';
import type { LogEvent } from '../../collectors/model.ts';
import { isArchitecture } from '../../pricing/context.ts';
import { documentsFromEvents } from '../../shippers/assemble.ts';
import { createFileDeadLetterSink } from '../../shippers/dead-letter.ts';
import { createElasticsearchShipper } from '../../shippers/elasticsearch/shipper.ts';
import { createNdjsonShipper } from '../../shippers/ndjson/shipper.ts';
import { createPricer } from '../../shippers/pricer.ts';
import type { ShipCounters, Shipper } from '../../shippers/types.ts';
import { type AwsFlagValues, addAwsFlags, awsSessionOptions, parseFunctionList } from '../flags/aws.ts';
import { type EsFlags, esConnectionFromFlags, withEsFlags } from '../flags/elasticsearch.ts';
import { parseTimeRange } from '../flags/time.ts';
import { parsePositiveInt } from '../options.ts';
import { reportInputProblems } from '../output/input-problems.ts';

interface ShipFlags extends EsFlags, AwsFlagValues {
  to?: string;
  function?: string[];
  since?: string;
  until?: string;
  functionName?: string;
  arch?: string;
  deadLetterFile?: string;
  batchSize: number;
  concurrency: number;
}

function progressLine(c: ShipCounters): string {
  return `\r shipped ${c.indexed} new, ${c.duplicates} already there, ${c.deadLettered} dead-lettered, ${c.retried} retried, ${c.pending} pending `;
}

/** CloudWatch history of the selected functions, through the same source `logs --function` uses. */
async function cloudWatchEvents(opts: ShipFlags): Promise<AsyncIterable<LogEvent>> {
  const range = parseTimeRange(opts.since ?? '1h', opts.until, Date.now());
  const source = await openAwsLogSource({
    ...awsSessionOptions(opts),
    functions: parseFunctionList(opts.function ?? []),
    mode: 'history',
    startTime: range.startTime,
    endTime: range.endTime,
  });
  return source.events;
}

export function registerShipCommand(program: Command): void {
  withEsFlags(
    addAwsFlags(
      program
        .command('ship')
        .description(
          'send log lines and invocations to Elasticsearch, OpenSearch or NDJSON (stdout without --to)',
        )
        .argument('[inputs...]', 'log files (any format `logs` reads); - for stdin')
        .option('--to <target>', 'http(s)://… Elasticsearch or OpenSearch URL, or a file.ndjson')
        .option('--function <names...>', 'read CloudWatch history of these functions (name, or prefix*)')
        .option('--since <time>', 'with --function: start: 15m, 1h, 2d, ISO time (default 1h)')
        .option('--until <time>', 'with --function: end, same forms as --since')
        .option('--function-name <name>', 'function name for inputs that carry no log group')
        .option('--arch <arch>', 'x86_64 or arm64: prices invocations when given')
        .option('--dead-letter-file <path>', 'write refused documents here instead of the dead-letter index')
        .option(
          '--batch-size <n>',
          'documents per bulk request at most (requests also stop at 5 MB)',
          parsePositiveInt,
          10000,
        )
        .option('--concurrency <n>', 'bulk requests in flight', parsePositiveInt, 4),
    ),
  ).action(async (inputs: string[], opts: ShipFlags) => {
    const fromCloudWatch = (opts.function ?? []).length > 0;
    if (inputs.length === 0 && !fromCloudWatch)
      throw new UsageError('give log files to ship, or --function <name…>');
    if (inputs.length > 0 && fromCloudWatch)
      throw new UsageError('give either files or --function, not both');
    if (opts.arch && !isArchitecture(opts.arch))
      throw new UsageError(`--arch must be x86_64 or arm64, not "${opts.arch}"`);
    const report = createInputReport();
    const events = fromCloudWatch
      ? await cloudWatchEvents(opts)
      : readLogEvents(inputs, { functionName: opts.functionName, report });
    const pricer = isArchitecture(opts.arch)
      ? createPricer({ region: opts.region, architecture: opts.arch })
      : undefined;
    let shipper: Shipper;
    const to = opts.to;
    if (to && /^https?:\/\//.test(to)) {
      shipper = createElasticsearchShipper({
        connection: esConnectionFromFlags({ ...opts, esUrl: to }),
        indexPrefix: opts.indexPrefix,
        maxBatchDocs: opts.batchSize,
        concurrency: opts.concurrency,
        deadLetter: opts.deadLetterFile ? createFileDeadLetterSink(opts.deadLetterFile) : undefined,
      });
    } else {
      shipper = createNdjsonShipper({ to: to ?? process.stdout, indexPrefix: opts.indexPrefix });
    }
    const tty = process.stderr.isTTY === true;
    const result = await shipper.ship(
      documentsFromEvents(events, { pricer, meta: { region: opts.region, functionName: opts.functionName } }),
      { onProgress: tty ? (c) => process.stderr.write(progressLine(c)) : undefined },
    );
    await shipper.close();
    if (tty) process.stderr.write('\n');
    const c = result.counters;
    process.stderr.write(
      `lambdalens: ${c.received} documents: ${c.indexed} written, ${c.duplicates} already present, ` +
        `${c.deadLettered} dead-lettered, ${c.retried} re-sent, ${c.pending} not delivered\n`,
    );
    const inputCode = reportInputProblems(report, process.stderr);
    if (result.kind === 'incomplete') {
      process.stderr.write(
        `lambdalens: stopped: ${result.reason.message}; run the same command again to finish\n`,
      );
      process.exitCode = 1;
    } else {
      process.exitCode = inputCode;
    }
  });
}
