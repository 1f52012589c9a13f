/**
 * `lambdalens cost`: the monthly cost report from local log files (default), invocation
 * documents in Elasticsearch, or CloudWatch Logs (Logs Insights, or FilterLogEvents as the
 * fallback) for functions found by discovery; rendered as a table, JSON, CSV, Markdown or HTML.
 */
import { constants } from 'node:fs';
import { access, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { createInputReport, type InputReport } from '../../collectors/files/read-inputs.ts';
import { formatIso } from '../../collectors/iso-time.ts';
import {
  fileOpenProblem,
  showControlsInLine,
  silentLogger,
  UsageError,
} from '../../collectors/kernel/index.ts';
import type { Architecture } from '../../collectors/model.ts';
import { type FunctionConfigs, isArchitecture, UNKNOWN_FUNCTION } from '../../pricing/context.ts';
import { renderCsv } from '../../pricing/render/csv.ts';
import { renderMarkdown, renderTable } from '../../pricing/render/format.ts';
import { renderHtml } from '../../pricing/render/html.ts';
import type { CostAggregator } from '../../pricing/report/aggregator.ts';
import { buildReport } from '../../pricing/report/build.ts';
import { checkPeriodHasData, checkPriced } from '../../pricing/report/empty.ts';
import { monthPeriod, type Period } from '../../pricing/report/period.ts';
import type { CostReport, InputNotWhole } from '../../pricing/report/types.ts';
import { unusedConfig } from '../../pricing/report/unused-configs.ts';
import { aggregateFiles } from '../../pricing/sources/local.ts';
import type { SearchRetry } from '../../shippers/elasticsearch/search-retry.ts';
import { awsSessionOptions, pricingRegion, pricingRegionNote, runAwsCredentials } from '../flags/aws.ts';
import {
  type EsFlags,
  esConnectionFromFlags,
  parseIndexPattern,
  withEsFlags,
} from '../flags/elasticsearch.ts';
import { refuseIdleForCluster, refuseIdleForLocal, refuseWorkersForAws } from '../flags/idle-flags.ts';
import { addOutputFlag } from '../flags/output.ts';
import { type RequestTimeoutFlag, requestTimeoutOf, requestTimeoutOption } from '../flags/request-timeout.ts';
import { addSourceFlags, parseFunctionList, type SourceFlags } from '../flags/source.ts';
import { addWorkersFlag } from '../flags/workers.ts';
import {
  checkEveryInputRead,
  checkInputRead,
  reportInputProblems,
  sayInputFailuresAtOnce,
} from '../output/input-problems.ts';
import { sayLine, sayQuoting } from '../output/say-line.ts';
import { honourStop } from '../stop.ts';
import { aggregateFilesInParts } from '../workers/cost-parts.ts';
import { partitionInputs } from '../workers/partition.ts';
import { COST_FORMATS, type CostFormat, chooseCostFormat, FORMAT_DEFAULT } from './cost-format.ts';
import { costSetup } from './cost-setup.ts';

export type CostSource = 'files' | 'elasticsearch' | 'insights' | 'filter-log-events';

export interface CostOptions extends SourceFlags, EsFlags, RequestTimeoutFlag {
  month?: string;
  from?: string;
  to?: string;
  arch?: Architecture;
  prices?: string[];
  freeTier?: boolean;
  consolidatedBilling?: boolean;
  config?: string;
  /** Absent: what `--out`'s name says, else the table (see cost-format.ts). */
  output?: CostFormat;
  out?: string;
  wide?: boolean;
  /** Default: files when inputs are given, insights with --function. */
  source?: CostSource;
  esIndex?: string;
  esLogsIndex?: string;
  /** Threads reading many files at once (absent: one). */
  workers?: number;
  /** `--workers` was typed, not taken by default: a cluster's report and CloudWatch refuse it (idle-flags.ts). */
  workersGiven?: boolean;
}

function parseArch(value: string): Architecture {
  if (!isArchitecture(value)) throw new InvalidArgumentError('expected x86_64 or arm64');
  return value;
}

export function registerCostCommand(program: Command): void {
  const cmd = program
    .command('cost')
    .description('monthly Lambda cost per function and in total, from REPORT lines')
    .argument('[inputs...]', 'log files (text, JSON, NDJSON, subscription payloads); - for stdin')
    .option(
      '--month <YYYY-MM>',
      // Without a period, files and a cluster are read whole (cost-setup.ts leaves it undefined); AWS reads `currentMonth`.
      'calendar month (UTC) (default: none: files and --source elasticsearch are reported whole, from the first day of their data to the last; AWS, the current month so far)',
    )
    .option('--from <YYYY-MM-DD>', 'range start (inclusive)')
    .option('--to <YYYY-MM-DD>', 'range end (inclusive)')
    .option(
      '--arch <arch>',
      // A money report never assumes what the logs cannot say: an unnamed architecture is a note.
      'architecture of functions that --config and AWS do not name: x86_64 or arm64 (default: none: such functions are not priced, and the report says so)',
      parseArch,
    )
    .option(
      '--prices <file>',
      'AWS Price List offer file, AWSLambda or AmazonCloudWatch (index.json or CSV); repeatable',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option(
      '--free-tier',
      'apply the monthly free tiers (Lambda 1M requests and 400,000 GB-s, 5 GB of logs, 100,000 traces) per account',
    )
    .option(
      '--consolidated-billing',
      'accounts are billed together: they share volume tiers and one free tier',
    )
    .option(
      '--config <file>',
      'functions config: { "functions": { "<name>": { architecture, region, accountId, ephemeralStorageMB, memorySizeMB, timeoutSeconds, runtime, provisionedConcurrency, provisionedConcurrencyHours } } }',
    );
  addOutputFlag(cmd, COST_FORMATS, { decidedBy: FORMAT_DEFAULT })
    .option('--out <file>', 'write the report to a file instead of stdout, in the format its extension names')
    .option('--wide', 'the table with every column (default: what fits 120 columns)')
    .addOption(
      new Option(
        '--source <source>',
        'where invocations come from (default: files with inputs, insights with --function)',
      ).choices(['files', 'elasticsearch', 'insights', 'filter-log-events']),
    )
    .option(
      '--es-index <index>',
      'index or pattern of shipped invocation documents (default: <prefix>-invocations*)',
      parseIndexPattern,
    )
    .option(
      '--es-logs-index <index>',
      "index or pattern of shipped line documents, whose sizes price the logs' ingestion (default: <prefix>-logs*, none with --es-index)",
      parseIndexPattern,
    );
  // The same Elasticsearch connection flags as `ship` and `es setup` (API key, basic auth, Cloud ID, CA, --insecure).
  withEsFlags(cmd).addOption(requestTimeoutOption());
  // --function selects functions everywhere; without inputs it reads them from CloudWatch Logs.
  // --region also prices functions whose logs do not say their region.
  addWorkersFlag(cmd);
  addSourceFlags(cmd, { range: false, follow: false, prices: true }).action(
    async (inputs: string[], options: CostOptions) => {
      // An input that cannot be read is said when found: the reader of stdout may leave first.
      sayInputFailuresAtOnce(process.stderr);
      await runCost(inputs, { ...options, workersGiven: cmd.getOptionValueSource('workers') === 'cli' });
    },
  );
}

function chooseSource(inputs: string[], options: CostOptions): CostSource {
  if (options.source) return options.source;
  return inputs.length === 0 && (options.function?.length ?? 0) > 0 ? 'insights' : 'files';
}

/** Runs the report and writes it; fails with a configuration error when invocations could not be priced. */
export async function runCost(inputs: string[], options: CostOptions): Promise<CostReport> {
  // Local input makes no AWS call: only the Region it is priced in comes of --region or --profile.
  if (chooseSource(inputs, options) === 'files')
    refuseIdleForLocal(options, { awsForLocal: ['region', 'profile'] });
  if (chooseSource(inputs, options) === 'elasticsearch') refuseIdleForCluster(inputs, options);
  if (['insights', 'filter-log-events'].includes(chooseSource(inputs, options)))
    refuseWorkersForAws(options, options.workersGiven === true);
  // Invocations whose logs, --config and discovery name no Region are priced in the Region
  // the AWS commands would use; workers are handed it as if it were --region.
  const region = pricingRegion(options);
  const pricing = { ...options, region: region?.value };
  const setup = await costSetup(pricing);
  for (const w of setup.warnings) sayQuoting(`warning: ${w}`);
  const { period, fileConfigs, functions, newAggregator } = setup;
  if (options.out) await checkOutPath(options.out);
  const format = chooseCostFormat(options.output, options.out, (message) =>
    sayQuoting(`warning: ${message}`),
  );
  const source = chooseSource(inputs, options);
  let agg: CostAggregator;
  // Local input read without --function-name: its unnamed invocations get a hint.
  let unnamed = false;
  // Local inputs that failed: the report says what it lacks.
  let notWhole: InputNotWhole[] = [];
  // Local inputs: whether each was read whole, for the run's end.
  let inputReport: InputReport | undefined;
  if (source === 'insights' || source === 'filter-log-events') {
    if (inputs.length > 0) throw new UsageError(`--source ${source} reads AWS: drop the input files`);
    if (!functions) throw new UsageError(`--source ${source} needs --function <names|prefix*>`);
    agg = await costFromCloudWatch(source, options, fileConfigs, period, newAggregator);
  } else if (source === 'elasticsearch') {
    agg = newAggregator(fileConfigs, functions, period);
    const connection = {
      ...(await esConnectionFromFlags(options)),
      requestTimeoutMs: requestTimeoutOf(options),
    };
    if (!connection.node && !connection.cloudId) {
      throw new UsageError('--source elasticsearch needs --es-url or --cloud-id (or ES_URL / ES_CLOUD_ID)');
    }
    // Loaded here: only this source needs a search engine's client.
    const [
      { connectSearch },
      { requestWithRetries },
      { aggregateFromElasticsearch },
      { askingTheEngine },
      { engineGivenBy, wrongEngineTold },
    ] = await Promise.all([
      import('../../shippers/elasticsearch/connect.ts'),
      import('../../shippers/elasticsearch/search-retry.ts'),
      import('../../pricing/sources/elasticsearch.ts'),
      import('./engine-question.ts'),
      import('./told-engine.ts'),
    ]);
    // Honoured from the engine question on: a stop while the cluster is asked is said, exit 0.
    const stop = honourStop();
    // Signed (Amazon OpenSearch) with the run's credentials, scrubbed and explained as the AWS reads' are.
    const credentials = runAwsCredentials(options);
    const client = await askingTheEngine(
      connection,
      {
        credentials,
        stop,
        undone: (display) => `anything was read from ${display}: no report written`,
        requestTimeoutFlag: true,
      },
      connectSearch,
    );
    // A busy cluster (429, 5xx, a timeout) is waited out, and each wait said on stderr,
    // which scrubs the credentials an echoing proxy may put in the cluster's words.
    const onRetry = ({ attempt, maxAttempts, delayMs, error }: SearchRetry) =>
      sayQuoting(
        `${client.display} answered ${error.message}; retrying in ${(delayMs / 1000).toFixed(1)} s (attempt ${attempt + 1} of ${maxAttempts})`,
      );
    try {
      const read = aggregateFromElasticsearch(agg, {
        search: async (index, body) =>
          (
            await requestWithRetries(
              client,
              { method: 'POST', path: `/${encodeURIComponent(index)}/_search`, body },
              { signal: stop, onRetry },
            )
          ).body,
        index: options.esIndex ?? `${options.indexPrefix}-invocations*`,
        linesIndex: linesIndexOf(options),
        functions,
      }).catch(async (err: unknown) => {
        // A refusal in the other engine's words, when the engine was told: the setting is said.
        if (stop.aborted) throw err;
        throw (
          (await wrongEngineTold(connection, err, { credentials, givenBy: engineGivenBy(options.engine) })) ??
          err
        );
      });
      const undated = await untilStopped(read, stop);
      // Left out of every month's sums, so said: a time-range search would not show them either.
      for (const { index, count } of undated ?? [])
        sayQuoting(
          `note: ${count} invocation(s) without a time are stored in ${index} and are in no month's report`,
        );
    } finally {
      await client.close();
    }
  } else {
    if (inputs.length === 0) {
      throw new UsageError(
        'no inputs: pass log files (or - for stdin), --function <names> to read CloudWatch Logs, or --source elasticsearch',
      );
    }
    const esFlag = options.esIndex ? '--es-index' : options.esLogsIndex ? '--es-logs-index' : null;
    if (esFlag) throw new UsageError(`${esFlag} reads Elasticsearch: add --source elasticsearch`);
    inputReport = createInputReport();
    const parts = partitionInputs(inputs, options.workers ?? 1, process.stderr);
    const stop = honourStop();
    if (parts) {
      agg = await untilStopped(
        aggregateFilesInParts(parts, setup, pricing, inputReport, process.stderr, stop),
        stop,
      );
    } else {
      agg = newAggregator(fileConfigs, functions, period);
      await untilStopped(
        aggregateFiles(agg, inputs, {
          report: inputReport,
          functionName: options.functionName,
          signal: stop,
        }),
        stop,
      );
    }
    agg.learnDroppedCopies(inputReport.droppedCopyGroups);
    reportInputProblems(inputReport, process.stderr);
    checkInputRead(inputReport, inputs);
    unnamed = options.functionName === undefined;
    notWhole = inputsNotWhole(inputReport);
  }
  const report = buildReport(agg, {
    freeTier: options.freeTier === true,
    consolidatedBilling: options.consolidatedBilling === true,
  });
  if (notWhole.length > 0) report.inputsNotWhole = notWhole;
  checkPeriodHasData(report, period !== undefined);
  if (unnamed) hintUnknownFunction(report);
  // A price in a Region the command line never named is explained where the run says it.
  // Read from AWS or a cluster, functions have the Region discovery or the documents give.
  const fallback = source === 'files' ? pricingRegionNote(region) : null;
  if (fallback && report.functions.some((f) => f.region === region?.value)) sayQuoting(`note: ${fallback}`);
  const unused = options.config ? unusedConfig(options.config, fileConfigs.keys(), agg) : null;
  if (unused) report.unusedConfig = unused;
  const text = render(report, format, options.wide === true);
  if (options.out) {
    await writeFile(options.out, text);
    sayLine(`wrote the ${format} report to ${options.out}`);
  } else process.stdout.write(text);
  // The table and Markdown list what was left out, and their notes, themselves; other
  // outputs are not read as text here (a file, CSV, JSON, HTML), so stderr says them
  // instead — once either way.
  const listed = !options.out && (format === 'table' || format === 'md');
  if (!listed) {
    for (const e of report.freeTierExcluded ?? []) sayQuoting(`note: ${e.message}`);
    if (unused) sayQuoting(`note: ${unused.message}`);
    for (const n of report.notPriced)
      sayQuoting(`warning: ${n.count} invocation(s) not priced: ${n.message}`);
    for (const u of report.unpriced) sayQuoting(`left out of the total: ${u.message}`);
  }
  checkPriced(report);
  if (inputReport) checkEveryInputRead(inputReport);
  return report;
}

/**
 * Where the line documents are, whose stored sizes price the logs' ingestion: beside the
 * invocations under the prefix, unless --es-index points elsewhere and --es-logs-index does
 * not say where its lines are (the run says so, rather than price another prefix's lines).
 */
function linesIndexOf(options: CostOptions): string | undefined {
  if (options.esLogsIndex) return options.esLogsIndex;
  if (!options.esIndex) return `${options.indexPrefix}-logs*`;
  sayQuoting(
    "note: --es-index names the invocation documents only: pass --es-logs-index <index> (their line documents) to price the logs' ingestion",
  );
  return undefined;
}

/**
 * The inputs that failed beside others that were read: a report of the rest says it lacks
 * them, and how far those cut short were read (their figures stop there).
 */
function inputsNotWhole(report: InputReport): InputNotWhole[] {
  return report.inputs
    .filter((i) => i.error !== null)
    .map((i) => ({
      input: i.input,
      error: i.error as string,
      readInPart: i.readInPart
        ? {
            events: i.readInPart.events,
            lastTime: i.readInPart.lastTime === null ? null : formatIso(i.readInPart.lastTime),
          }
        : null,
    }));
}

/**
 * Says before reading anything when `--out` cannot be written (a folder, a missing folder,
 * no permission), without touching a report already there: the run may still fail.
 */
async function checkOutPath(path: string): Promise<void> {
  let problem: string | null = null;
  try {
    const existing = await stat(path).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return null;
      throw err;
    });
    if (existing?.isDirectory()) problem = 'it is a folder';
    // A file there must be writable; else the folder it would be made in.
    else await access(existing ? path : dirname(path), constants.W_OK);
  } catch (err) {
    problem = fileOpenProblem(path, err);
  }
  if (problem) throw new UsageError(`--out ${path}: cannot write the report there: ${problem}`);
}

/**
 * Input that names no function (stdin, CloudWatch's `000000.gz` export objects) is priced
 * as one unknown function; the flag that names it is the one thing the user can do. Its
 * invocations are those of its row and those not priced (no REPORT…), which the row leaves out.
 */
function hintUnknownFunction(report: CostReport): void {
  const row = report.functions.find((f) => f.functionName === UNKNOWN_FUNCTION);
  const notPriced = report.notPriced.filter((p) => p.functionName === UNKNOWN_FUNCTION);
  if (!row && notPriced.length === 0) return;
  // A row not priced lists invocations `notPriced` counts already.
  const priced = report.functions.filter((f) => f.functionName === UNKNOWN_FUNCTION && !f.notPriced);
  const invocations =
    priced.reduce((n, f) => n + f.invocations, 0) + notPriced.reduce((n, p) => n + p.count, 0);
  // A row of log bytes alone (no invocation began or ended in the input) has lines to name.
  const what = invocations > 0 ? `${invocations.toLocaleString('en')} invocation(s)` : 'log lines';
  process.stderr.write(
    `hint: ${what} came from input that names no function (stdin, an S3 export object): pass --function-name <name> to name them\n`,
  );
}

/**
 * Waits for a source that reads until `stop` aborts. A stopped run writes no report: costs
 * from part of the data would read as the whole period's, too low. It says so and ends as
 * an asked-for stop (exit 0); an error the source throws once stopped is the stop itself.
 */
async function untilStopped<T>(reading: Promise<T>, stop: AbortSignal): Promise<T> {
  const read = await reading.then(
    (value) => ({ value }),
    (err: unknown) => {
      if (!stop.aborted) throw err;
      return null;
    },
  );
  if (read === null || stop.aborted) {
    const why = stop.reason instanceof Error ? stop.reason.message : 'stopped';
    sayLine(`${why} before the report was complete: no report written`);
    throw stop.reason;
  }
  return read.value;
}

function currentMonth(now: number): Period {
  const d = new Date(now);
  return monthPeriod(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`);
}

/** Progress on a terminal only: one line rewritten in place, so piped stderr stays clean. */
function progressLine(): { update(text: string): void; done(): void } {
  const tty = process.stderr.isTTY === true;
  let shown = false;
  return {
    update(text) {
      if (!tty) return;
      process.stderr.write(`\r\x1b[2K${text}`);
      shown = true;
    },
    done() {
      if (shown) process.stderr.write('\n');
      shown = false;
    },
  };
}

/** The AWS branch, wired: flags to the CloudWatch cost source, its progress to stderr, Ctrl-C to abort. */
async function costFromCloudWatch(
  source: 'insights' | 'filter-log-events',
  options: CostOptions,
  fileConfigs: FunctionConfigs,
  period: Period | undefined,
  newAggregator: (configs: FunctionConfigs, names: string[], period: Period) => CostAggregator,
): Promise<CostAggregator> {
  // Ctrl-C, SIGTERM, SIGHUP: the AWS reads stop, and the run ends as an asked-for stop.
  const stop = honourStop();
  const progress = progressLine();
  // The AWS SDK is loaded only by the runs that read AWS.
  const { aggregateFromCloudWatch } = await import('../../pricing/sources/cloudwatch.ts');
  const reading = aggregateFromCloudWatch({
    ...awsSessionOptions(options, stop),
    logger: { ...silentLogger, warn: (message) => sayQuoting(`warning: ${message}`) },
    source,
    functions: parseFunctionList(options.function ?? []),
    fileConfigs,
    architecture: options.arch,
    period: period ?? currentMonth(Date.now()),
    newAggregator,
    onProgress: (text) => progress.update(showControlsInLine(text)),
    onNote: (text) => {
      progress.done();
      sayQuoting(text);
    },
  });
  // The progress line ends before anything else is said: the report, an error or the stop.
  return await untilStopped(
    reading.finally(() => progress.done()),
    stop,
  );
}

function render(report: CostReport, output: CostFormat, wide: boolean): string {
  switch (output) {
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'csv':
      return renderCsv(report);
    case 'md':
      return renderMarkdown(report, { wide, show: showControlsInLine });
    case 'html':
      return renderHtml(report);
    default:
      return renderTable(report, { wide, show: showControlsInLine });
  }
}
