/**
 * `lambdalens ship`: backfills local files (or CloudWatch history) into Elasticsearch or an
 * NDJSON file, through the same documents and shipper the Lambda uses. Says what it does
 * while it runs, and exits non-zero, naming the cause, when any document is left neither
 * stored nor dead-lettered. Many files are built into documents on several threads
 * (workers/ship-parts.ts), into the documents one thread builds.
 */
import type { Command } from 'commander';
import { openEventSource } from '../../collectors/event-source.ts';
import {
  ConfigError,
  LambdalensError,
  systemClock,
  UsageError,
  untilAborted,
} from '../../collectors/kernel/index.ts';
import { isArchitecture } from '../../pricing/context.ts';
import { documentsFromEvents } from '../../shippers/assemble.ts';
import { type FileDeadLetterSink, openFileDeadLetterSink } from '../../shippers/dead-letter-file.ts';
import {
  countUndatedNotStored,
  emptyTally,
  noUndatedNotStored,
  tallying,
} from '../../shippers/document-tally.ts';
import { isPricedBuild } from '../../shippers/documents.ts';
import { type IndexMode, type IndexPeriod, isIndexPeriod } from '../../shippers/index-names.ts';
import { createNdjsonShipper, type NdjsonShipper, openNdjsonFile } from '../../shippers/ndjson/shipper.ts';
import { REJECTED_KEYS_HINT } from '../../shippers/rejected-keys.ts';
import type { ShipCounters, ShipOptions, Shipper, ShipResult } from '../../shippers/types.ts';
import { pricingRegion, pricingRegionNote, runAwsCredentials } from '../flags/aws.ts';
import { type EsFlags, esConnectionFromFlags, withEsFlags } from '../flags/elasticsearch.ts';
import { refuseWorkersForAws } from '../flags/idle-flags.ts';
import { type RequestTimeoutFlag, requestTimeoutOf, requestTimeoutOption } from '../flags/request-timeout.ts';
import { resolveShipTarget, type ShipTarget } from '../flags/ship-target.ts';
import { addSourceFlags, type SourceFlags, sourceSpecFromFlags } from '../flags/source.ts';
import { addWorkersFlag } from '../flags/workers.ts';
import { parsePositiveInt } from '../options.ts';
import { nothingInCloudWatch } from '../output/empty-cloudwatch.ts';
import {
  checkEveryInputRead,
  checkInputRead,
  NothingReadError,
  RERUN,
  reportInputProblems,
  sayInputFailuresAtOnce,
  warnNoInvocations,
} from '../output/input-problems.ts';
import { linesRead, sayWindowCuts, sourceNamed } from '../output/run-end.ts';
import { sayLine } from '../output/say-line.ts';
import { createShipProgress } from '../output/ship-progress.ts';
import { tellSourceNotes } from '../output/source-notes.ts';
import { sayUndated } from '../output/undated-notes.ts';
import { EndCuts } from '../output/window-end.ts';
import { StartCuts, wholeFromSince } from '../output/window-start.ts';
import { honourStop, stopAsked } from '../stop.ts';
import { partitionInputs } from '../workers/partition.ts';
import { documentsInParts, type ShipInPartsOptions } from '../workers/ship-parts.ts';
import { makeSpoolDir } from '../workers/spool.ts';
import { shipConfigs, shipPricer } from './ship-pricing.ts';

interface ShipFlags extends EsFlags, SourceFlags, RequestTimeoutFlag {
  to?: string;
  append?: boolean;
  arch?: string;
  config?: string;
  indexPeriod: string;
  dataStreams?: boolean;
  deadLetterFile?: string;
  batchSize: number;
  concurrency: number;
  workers: number;
}

/** The run's closing line: what became of every document. */
function summaryLine(result: ShipResult, deadLetterFile: FileDeadLetterSink | undefined): string {
  const c = result.counters;
  // A re-run meets the same refusals: which of them the dead-letter file held already.
  const inFile =
    deadLetterFile && c.deadLettered > 0
      ? ` (${deadLetterFile.appended} added to the dead-letter file, ${deadLetterFile.alreadyHeld} already in it)`
      : '';
  const parts = [`${c.indexed} written`];
  if (c.updated > 0) parts.push(`${c.updated} replaced by a more complete version`);
  parts.push(
    `${c.duplicates} already present`,
    `${c.deadLettered} dead-lettered${inFile}`,
    `${c.retried} re-sent`,
    `${c.pending} not delivered`,
  );
  return `lambdalens: ${c.received} documents: ${parts.join(', ')}\n`;
}

/**
 * Fails a run whose every document was refused (dead-lettered): each refusal is dealt with,
 * but the run stored nothing, which a script must be able to tell from a run that did. Some
 * refused beside others stored is a finished run (exit 0), its dead letters in the summary.
 */
function checkSomethingStored(c: ShipCounters, deadLetters: string): void {
  if (c.deadLettered === 0 || c.indexed + c.updated + c.duplicates > 0) return;
  throw new LambdalensError(
    `the cluster refused all ${c.deadLettered} document(s), which were dead-lettered: nothing was stored`,
    { hint: `the reason for each is in ${deadLetters}` },
  );
}

/** Where log lines go: daily (or monthly) indices, or the data stream `es setup --data-streams` made. */
function indexModeOf(opts: ShipFlags): IndexMode {
  return opts.dataStreams ? 'data-stream' : 'daily';
}

/** The shipper of the target; for NDJSON, the shipper as such (it takes lines other threads wrote). */
type OpenedShipper =
  | { kind: 'ndjson'; shipper: NdjsonShipper; name: string }
  | { kind: 'cluster'; shipper: Shipper; name: string; deadLetterFile: FileDeadLetterSink | undefined };

async function openShipper(
  target: ShipTarget,
  opts: ShipFlags,
  period: IndexPeriod,
  stop: AbortSignal,
): Promise<OpenedShipper> {
  if (target.kind === 'stdout' && opts.append)
    throw new UsageError('--append is for NDJSON files: standard output has nothing to add to');
  if (target.kind !== 'cluster') {
    const to =
      target.kind === 'file' ? await openNdjsonFile(target.path, { append: opts.append }) : process.stdout;
    return {
      kind: 'ndjson',
      shipper: createNdjsonShipper({
        to,
        owned: target.kind === 'file',
        indexPrefix: opts.indexPrefix,
        indexPeriod: period,
        indexMode: indexModeOf(opts),
      }),
      name: 'NDJSON',
    };
  }
  if (opts.append)
    throw new UsageError('--append is for NDJSON files; a cluster never stores a document twice');
  const requestTimeoutMs = requestTimeoutOf(opts);
  // Like an NDJSON target, the dead-letter file is opened before the cluster is asked anything.
  const deadLetter = opts.deadLetterFile ? await openFileDeadLetterSink(opts.deadLetterFile) : undefined;
  // A search engine's client is loaded only for a search-engine target.
  const [{ createElasticsearchShipper }, { openShipCluster }] = await Promise.all([
    import('../../shippers/elasticsearch/shipper.ts'),
    import('./ship-cluster.ts'),
  ]);
  const connection = {
    ...(await esConnectionFromFlags(target.url ? { ...opts, esUrl: target.url } : opts)),
    requestTimeoutMs,
  };
  // Connected (and the engine asked) before reading any input: a bad setting stops here.
  const cluster = await openShipCluster(connection, {
    credentials: runAwsCredentials(opts),
    indexPrefix: opts.indexPrefix,
    period,
    requestTimeoutMs,
    stop,
  });
  const shipper = createElasticsearchShipper({
    connection,
    cluster,
    indexPrefix: opts.indexPrefix,
    indexPeriod: period,
    indexMode: indexModeOf(opts),
    maxBatchDocs: opts.batchSize,
    concurrency: opts.concurrency,
    requestTimeoutMs,
    deadLetter,
  });
  return { kind: 'cluster', shipper, name: cluster.engine, deadLetterFile: deadLetter };
}

export function registerShipCommand(program: Command): void {
  withEsFlags(
    addSourceFlags(
      addWorkersFlag(program.command('ship'))
        .description('send log lines and invocations to Elasticsearch, OpenSearch or NDJSON')
        .argument('[inputs...]', 'log files (any format `logs` reads); - for stdin')
        .option(
          '--to <target>',
          'an Elasticsearch or OpenSearch URL (https://host:port, or host:port), a file.ndjson, or - for stdout (default: --es-url / ES_URL)',
        )
        .option('--append', 'with an NDJSON file: add to it instead of replacing it')
        .option(
          '--arch <arch>',
          // A stored cost is read as fact later: without an architecture none is written.
          'architecture of functions --config does not name: x86_64 or arm64 (default: none: their documents carry no cost)',
        )
        .option(
          '--config <file>',
          'functions config: { "functions": { "<name>": { architecture, region, ... } } }',
        )
        .option('--index-period <period>', 'one index per day or per month: daily or monthly', 'daily')
        .option(
          '--data-streams',
          'write log lines to the <prefix>-logs-stream data stream that `es setup --data-streams` made',
        )
        .option('--dead-letter-file <path>', 'write refused documents here instead of the dead-letter index')
        .option(
          '--batch-size <n>',
          'documents per bulk request at most (requests also stop at 5 MB)',
          parsePositiveInt,
          10000,
        )
        .option('--concurrency <n>', 'bulk requests in flight', parsePositiveInt, 4)
        .addOption(requestTimeoutOption()),
      { range: true, follow: true, prices: true },
    ),
  ).action(async (inputs: string[], opts: ShipFlags, cmd: Command) => {
    if (opts.arch && !isArchitecture(opts.arch))
      throw new UsageError(`--arch must be x86_64 or arm64, not "${opts.arch}"`);
    if (!isIndexPeriod(opts.indexPeriod))
      throw new UsageError(`--index-period must be daily or monthly, not "${opts.indexPeriod}"`);
    // An input that cannot be read is said when found: the reader of stdout may leave first.
    sayInputFailuresAtOnce(process.stderr);
    // Everything that can be wrong with the flags or the target is said before any input is read.
    const target = resolveShipTarget(opts);
    const configs = await shipConfigs(opts, (w) => sayLine(`warning: ${w}`));
    // A signal stops the run from here on: while the cluster is asked, before anything is
    // read, with nothing shipped; then its reading (what was read is shipped, open invocations
    // as `incomplete`).
    const stop = honourStop();
    // The source flags are checked before the cluster is asked. Local input is priced in the
    // Region of --region or --profile; a cluster may be signed with their credentials, whose
    // profile's role STS gives at --endpoint-url.
    const spec = sourceSpecFromFlags(inputs, opts, {
      signal: stop,
      awsForLocal: target.kind === 'cluster' ? ['region', 'profile', 'endpointUrl'] : ['region', 'profile'],
    });
    refuseWorkersForAws(opts, cmd.getOptionValueSource('workers') === 'cli');
    const opened = await openShipper(target, opts, opts.indexPeriod, stop);
    const { shipper, name } = opened;
    // Invocations whose logs and --config name no Region are priced in the Region the AWS
    // commands would use, as `cost` prices them; said when it did not come from --region.
    const region = pricingRegion(opts);
    const pricing = { region: region?.value, arch: opts.arch, config: opts.config };
    const pricer = shipPricer(pricing, configs);
    const regionNote = pricingRegionNote(region);
    if (pricer && regionNote) sayLine(`note: ${regionNote}`);
    const meta = { region: opts.region, functionName: opts.functionName };
    const progress = createShipProgress((text) => process.stderr.write(text), {
      tty: process.stderr.isTTY === true,
      clock: systemClock,
      target: name,
    });
    let result: ShipResult;
    let source: Awaited<ReturnType<typeof openEventSource>>;
    let notes: ReturnType<typeof tellSourceNotes> | undefined;
    let inParts: { close(): void } | null = null;
    const tally = emptyTally();
    // The tally counts documents as they go in; these, the undated ones the cluster did not store.
    const undatedNotStored = noUndatedNotStored();
    const deadLetters = opts.deadLetterFile ?? `the ${opts.indexPrefix}-dead-letter index`;
    // A priced build of an invocation met one already stored, which is kept: its price is not this run's.
    let pricedBuildKept = false;
    // What the window read cut at either end, said after the summary as logs says it.
    let cuts: { start: StartCuts; end: EndCuts };
    try {
      source = await openEventSource(spec);
      // Following CloudWatch, completeness (lag, throttling, missing groups) is told as it changes.
      notes = tellSourceNotes(source.aws, source.live, process.stderr);
      // Files (not stdin, not AWS) are built into documents by several threads, unless their
      // events take the groups the query exports name (one reader gives them).
      const parts =
        source.aws === null && !source.live && !source.namesGroups
          ? partitionInputs(source.inputs, opts.workers, process.stderr)
          : null;
      // Without a folder for the threads' spools (TMPDIR full or missing) one thread reads all.
      const spools = parts ? makeSpoolDir(process.stderr) : null;
      const inPartsOptions: ShipInPartsOptions = {
        pricing,
        pricer,
        meta,
        functionName: opts.functionName,
        report: source.report,
        err: process.stderr,
        signal: stop,
      };
      const shipOptions: ShipOptions = {
        onProgress: progress.onProgress,
        onEvent: (event) => {
          if (event.kind === 'already-present' && event.documents.some(isPricedBuild)) pricedBuildKept = true;
          if (event.kind === 'dead-lettered')
            countUndatedNotStored(undatedNotStored, event.documents, 'dead-lettered');
          if (event.kind === 'left-pending')
            countUndatedNotStored(undatedNotStored, event.documents, 'pending');
          progress.onEvent(event);
        },
        live: source.live,
        signal: stop,
      };
      // A window of history (a follower's first window) read whole: a request whose START it
      // lacks began before --since, and its document says so as logs shows it (window-start.ts).
      const startCuts = new StartCuts(wholeFromSince(source, Date.now()));
      const endCuts = new EndCuts(startCuts);
      cuts = { start: startCuts, end: endCuts };
      const oneThread = () =>
        documentsFromEvents(untilAborted(source.events, stop), {
          pricer,
          meta,
          live: source.live,
          onUnstarted: startCuts.onUnstarted,
          onOpenAtEnd: (inv) => endCuts.note(inv),
        });
      if (opened.kind === 'ndjson') {
        // The other threads write the output's own lines, which are copied out as they are.
        const split =
          parts && spools
            ? documentsInParts(parts, spools, { ...inPartsOptions, ndjson: opened.shipper.names })
            : null;
        inParts = split;
        result = await opened.shipper.ship(tallying(split?.documents ?? oneThread(), tally), shipOptions);
      } else {
        const split = parts && spools ? documentsInParts(parts, spools, inPartsOptions) : null;
        inParts = split;
        result = await shipper.ship(tallying(split?.documents ?? oneThread(), tally), shipOptions);
      }
    } finally {
      inParts?.close();
      progress.finish();
      await shipper.close();
    }
    process.stderr.write(summaryLine(result, opened.kind === 'cluster' ? opened.deadLetterFile : undefined));
    sayWindowCuts(
      { openAtEnd: cuts.end.count, startedBefore: cuts.start.count },
      source,
      stop.aborted,
      process.stderr,
    );
    sayUndated(tally, undatedNotStored, opts.indexPrefix, deadLetters);
    // Versions order builds by completeness, not by the prices they carry: said when a price
    // this run gave was not stored (log lines already there, or unpriced builds, carry none).
    if (pricedBuildKept) {
      sayLine(
        'documents already present are kept as they are: a stored invocation is replaced only by a more complete build of it, so prices given now do not change those already stored with a price (ship into a new --index-prefix, or delete them first, to store new prices)',
      );
    }
    notes.end(stopAsked());
    // A stop the user asked for ends with 0, as a finished run does: said, so that a run
    // stopped part-way (a CI job's timeout) does not read as one that shipped everything.
    if (stopAsked() && !source.live && result.kind === 'complete') {
      sayLine(
        'stopped before the end of the input: what was read is shipped; run the same command again to ship the rest (documents already written are not written twice)',
      );
    }
    reportInputProblems(source.report, process.stderr);
    // Lines of any program are log lines, and shipped; input with no Lambda line at all is said.
    if (tally.invocations === 0 && result.counters.received > 0)
      warnNoInvocations(linesRead(source), sourceNamed(source, inputs), process.stderr);
    if (result.kind === 'incomplete') {
      const refused = result.reason.kind === 'refused';
      if (result.reason.kind === 'refused' && result.reason.keys) {
        throw new ConfigError(`stopped: ${result.reason.message}`, { hint: REJECTED_KEYS_HINT });
      }
      throw new LambdalensError(`stopped: ${result.reason.message}`, {
        retryable: result.reason.retryable,
        hint: source.live
          ? `the input was live and cannot be read again: the ${result.counters.pending} documents not delivered are lost unless the lines they came from are shipped again`
          : refused
            ? 'fix the cause above, then run the same command again: documents already written are not written twice'
            : 'run the same command again to finish: documents already written are not written twice',
      });
    }
    if (!source.aws) {
      checkInputRead(source.report, inputs);
      if (!stopAsked()) {
        checkEveryInputRead(source.report, `${RERUN}: documents already written are not written twice`);
      }
    }
    // Input that held no event at all (blank lines, a window with nothing in it) shipped
    // nothing: a failure, as `logs` ends on the same input, not an empty success.
    // From CloudWatch, in logs' words: the window read, or the groups that do not exist.
    if (!stopAsked() && !source.live && linesRead(source) === 0) {
      throw source.aws
        ? nothingInCloudWatch(source.aws)
        : new NothingReadError(`no log events in ${sourceNamed(source, inputs)}`);
    }
    checkSomethingStored(result.counters, deadLetters);
  });
}
