/**
 * `lambdalens ship`: backfills local files (or CloudWatch history) into Elasticsearch or an
 * NDJSON file, through the same documents and shipper the Lambda uses. Exits non-zero when
 * any document is left neither indexed nor dead-lettered.
 */
import type { Command } from 'commander';
import { eachEvent, openEventSource } from '../../collectors/event-source.ts';
import { LambdalensError, UsageError, untilAborted } from '../../collectors/kernel/index.ts';
import { isArchitecture } from '../../pricing/context.ts';
import { documentsFromEvents } from '../../shippers/assemble.ts';
import { createNdjsonShipper, openNdjsonFile } from '../../shippers/ndjson/shipper.ts';
import { createPricer } from '../../shippers/pricer.ts';
import type { ShipCounters, Shipper } from '../../shippers/types.ts';
import { type EsFlags, esConnectionFromFlags, withEsFlags } from '../flags/elasticsearch.ts';
import { addSourceFlags, type SourceFlags, sourceSpecFromFlags } from '../flags/source.ts';
import { parsePositiveInt } from '../options.ts';
import { checkInputRead, reportInputProblems } from '../output/input-problems.ts';
import { honourStop } from '../stop.ts';

interface ShipFlags extends EsFlags, SourceFlags {
  to?: string;
  arch?: string;
  deadLetterFile?: string;
  batchSize: number;
  concurrency: number;
}

function progressLine(c: ShipCounters): string {
  return `\r shipped ${c.indexed} new, ${c.duplicates} already there, ${c.deadLettered} dead-lettered, ${c.retried} retried, ${c.pending} pending `;
}

export function registerShipCommand(program: Command): void {
  withEsFlags(
    addSourceFlags(
      program
        .command('ship')
        .description(
          'send log lines and invocations to Elasticsearch, OpenSearch or NDJSON (stdout without --to)',
        )
        .argument('[inputs...]', 'log files (any format `logs` reads); - for stdin')
        .option(
          '--to <target>',
          'http(s)://… Elasticsearch or OpenSearch URL, a file.ndjson, or - for stdout (the default)',
        )
        .option('--arch <arch>', 'x86_64 or arm64: prices invocations when given')
        .option('--dead-letter-file <path>', 'write refused documents here instead of the dead-letter index')
        .option(
          '--batch-size <n>',
          'documents per bulk request at most (requests also stop at 5 MB)',
          parsePositiveInt,
          10000,
        )
        .option('--concurrency <n>', 'bulk requests in flight', parsePositiveInt, 4),
      { range: true, follow: false },
    ),
  ).action(async (inputs: string[], opts: ShipFlags) => {
    if (opts.arch && !isArchitecture(opts.arch))
      throw new UsageError(`--arch must be x86_64 or arm64, not "${opts.arch}"`);
    // A signal stops reading: what was read is shipped (open invocations as `incomplete`).
    const stop = honourStop();
    const source = await openEventSource(sourceSpecFromFlags(inputs, opts, { signal: stop }));
    const events = eachEvent(untilAborted(source.events, stop));
    const pricer = isArchitecture(opts.arch)
      ? createPricer({ region: opts.region, architecture: opts.arch })
      : undefined;
    let shipper: Shipper;
    const to = opts.to;
    if (to && /^https?:\/\//.test(to)) {
      // A search engine's client is loaded only for a search-engine target.
      const [{ createElasticsearchShipper }, { connectCluster }, { createFileDeadLetterSink }] =
        await Promise.all([
          import('../../shippers/elasticsearch/shipper.ts'),
          import('../../shippers/elasticsearch/search-cluster.ts'),
          import('../../shippers/dead-letter.ts'),
        ]);
      const connection = await esConnectionFromFlags({ ...opts, esUrl: to });
      shipper = createElasticsearchShipper({
        connection,
        // Connected before reading any input: a bad setting or an unreachable target stops here.
        cluster: await connectCluster(connection),
        indexPrefix: opts.indexPrefix,
        maxBatchDocs: opts.batchSize,
        concurrency: opts.concurrency,
        deadLetter: opts.deadLetterFile ? createFileDeadLetterSink(opts.deadLetterFile) : undefined,
      });
    } else {
      // `--to -` is stdout, as a missing --to is.
      const file = to === '-' ? undefined : to;
      shipper = createNdjsonShipper({
        to: file ? await openNdjsonFile(file) : process.stdout,
        owned: file !== undefined,
        indexPrefix: opts.indexPrefix,
      });
    }
    const tty = process.stderr.isTTY === true;
    const result = await shipper.ship(
      documentsFromEvents(events, {
        pricer,
        meta: { region: opts.region, functionName: opts.functionName },
        live: source.live,
      }),
      { onProgress: tty ? (c) => process.stderr.write(progressLine(c)) : undefined },
    );
    await shipper.close();
    if (tty) process.stderr.write('\n');
    const c = result.counters;
    process.stderr.write(
      `lambdalens: ${c.received} documents: ${c.indexed} written, ${c.duplicates} already present, ` +
        `${c.deadLettered} dead-lettered, ${c.retried} re-sent, ${c.pending} not delivered\n`,
    );
    reportInputProblems(source.report, process.stderr);
    if (result.kind === 'incomplete') {
      throw new LambdalensError(`stopped: ${result.reason.message}`, {
        retryable: result.reason.retryable,
        hint: 'run the same command again to finish: documents already written are not written twice',
      });
    }
    if (!source.aws) checkInputRead(source.report, inputs);
  });
}
