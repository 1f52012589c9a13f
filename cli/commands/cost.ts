/**
 * `lambdalens cost`: the monthly cost report from local log files (default), invocation
 * documents in Elasticsearch, or CloudWatch Logs (Logs Insights, or FilterLogEvents as the
 * fallback) for functions found by discovery; rendered as a table, JSON, CSV, Markdown or HTML.
 */
import { writeFile } from 'node:fs/promises';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { createAwsSession } from '../../collectors/aws/session.ts';
import { createInputReport } from '../../collectors/files/read-inputs.ts';
import { silentLogger, UsageError } from '../../collectors/kernel/index.ts';
import { createFunctionDiscovery } from '../../collectors/lambda/discovery.ts';
import type { Architecture, FunctionConfig } from '../../collectors/model.ts';
import { type FunctionConfigs, isArchitecture, loadFunctionConfigs } from '../../pricing/context.ts';
import { loadPriceList } from '../../pricing/price-list.ts';
import type { PriceTable } from '../../pricing/price-table.ts';
import { renderCsv, renderMarkdown, renderTable } from '../../pricing/render/format.ts';
import { renderHtml } from '../../pricing/render/html.ts';
import { CostAggregator } from '../../pricing/report/aggregator.ts';
import { buildReport } from '../../pricing/report/build.ts';
import { monthPeriod, type Period, rangePeriod } from '../../pricing/report/period.ts';
import type { CostReport } from '../../pricing/report/types.ts';
import { mergeDiscoveredConfigs } from '../../pricing/sources/aws-functions.ts';
import { aggregateFromHistory } from '../../pricing/sources/cloudwatch-history.ts';
import { aggregateFromInsights, type InsightsProgress } from '../../pricing/sources/cloudwatch-insights.ts';
import { aggregateFromElasticsearch } from '../../pricing/sources/elasticsearch.ts';
import { aggregateFiles } from '../../pricing/sources/local.ts';
import { AWS_LIST_PRICES } from '../../pricing/tables/aws-list-prices.ts';
import { connectionFromEnv, engineSetting } from '../../shippers/elasticsearch/config.ts';
import { connectSearch } from '../../shippers/elasticsearch/connect.ts';
import { type AwsFlagValues, addAwsFlags, awsSessionOptions, parseFunctionList } from '../flags/aws.ts';

export type CostSource = 'files' | 'elasticsearch' | 'insights' | 'filter-log-events';

export interface CostOptions extends AwsFlagValues {
  function?: string[];
  month?: string;
  from?: string;
  to?: string;
  arch?: Architecture;
  prices?: string;
  freeTier?: boolean;
  config?: string;
  output: 'table' | 'json' | 'csv' | 'md' | 'html';
  out?: string;
  /** Default: files when inputs are given, insights with --function. */
  source?: CostSource;
  esUrl?: string;
  engine?: string;
  esIndex: string;
}

function parseArch(value: string): Architecture {
  if (!isArchitecture(value)) throw new InvalidArgumentError('expected x86_64 or arm64');
  return value;
}

export function registerCostCommand(program: Command): void {
  const cmd = program
    .command('cost')
    .description('Monthly Lambda cost per function and in total, from REPORT lines')
    .argument('[inputs...]', 'log files (text, JSON, NDJSON, subscription payloads); - for stdin')
    .option(
      '--function <names...>',
      'only these functions; without inputs, read them from CloudWatch Logs (name* selects a prefix)',
    )
    .option('--month <YYYY-MM>', 'calendar month (UTC); from AWS the default is the current month')
    .option('--from <YYYY-MM-DD>', 'range start (inclusive)')
    .option('--to <YYYY-MM-DD>', 'range end (inclusive)')
    .option(
      '--arch <architecture>',
      'architecture for functions the config does not name (x86_64|arm64)',
      parseArch,
    )
    .option('--prices <file>', 'AWS Price List offer file for AWSLambda (index.json or CSV)')
    .option('--free-tier', 'apply the monthly free tier (1M requests, 400,000 GB-s)')
    .option(
      '--config <file>',
      'functions config: { "functions": { "<name>": { architecture, ephemeralStorageMB, region } } }',
    )
    .addOption(
      new Option('--output <format>', 'output format')
        .choices(['table', 'json', 'csv', 'md', 'html'])
        .default('table'),
    )
    .option('--out <file>', 'write the report to a file instead of stdout')
    .addOption(
      new Option(
        '--source <source>',
        'where invocations come from (default: files with inputs, insights with --function)',
      ).choices(['files', 'elasticsearch', 'insights', 'filter-log-events']),
    )
    .option('--es-url <url>', 'Elasticsearch or OpenSearch URL (default $ES_URL)')
    .addOption(
      new Option('--engine <engine>', 'elasticsearch or opensearch (default: asked of the cluster)').choices([
        'elasticsearch',
        'opensearch',
        'auto',
      ]),
    )
    .option(
      '--es-index <index>',
      'index or pattern of shipped invocation documents',
      'lambdalens-invocations*',
    );
  // --region also prices functions whose logs do not say their region.
  addAwsFlags(cmd).action(async (inputs: string[], options: CostOptions) => {
    await runCost(inputs, options);
  });
}

function chooseSource(inputs: string[], options: CostOptions): CostSource {
  if (options.source) return options.source;
  return inputs.length === 0 && (options.function?.length ?? 0) > 0 ? 'insights' : 'files';
}

/** Runs the report and writes it; sets a non-zero exit code when invocations could not be priced. */
export async function runCost(inputs: string[], options: CostOptions): Promise<CostReport> {
  let table: PriceTable = AWS_LIST_PRICES;
  if (options.prices) {
    const loaded = await loadPriceList(options.prices);
    table = loaded.table;
    if (loaded.incomplete.length > 0) {
      console.error(
        `warning: ${options.prices} lacks duration/request/storage prices for: ${loaded.incomplete.join(', ')}`,
      );
    }
  }
  let period: Period | undefined;
  if (options.month && (options.from || options.to))
    throw new UsageError('use either --month or --from/--to');
  if (options.month) period = monthPeriod(options.month);
  else if (options.from || options.to) {
    if (!options.from || !options.to) throw new UsageError('--from and --to go together');
    period = rangePeriod(options.from, options.to);
  }
  const fileConfigs: FunctionConfigs = options.config
    ? await loadFunctionConfigs(options.config)
    : new Map<string, FunctionConfig>();
  const source = chooseSource(inputs, options);
  const newAggregator: NewAggregator = (configs, functions, forPeriod) =>
    new CostAggregator({
      table,
      period: forPeriod,
      configs,
      defaults: { region: options.region, architecture: options.arch },
      functions,
    });
  let agg: CostAggregator;
  if (source === 'insights' || source === 'filter-log-events') {
    if (inputs.length > 0) throw new UsageError(`--source ${source} reads AWS: drop the input files`);
    agg = await aggregateFromAws(source, options, fileConfigs, period, newAggregator);
  } else if (source === 'elasticsearch') {
    agg = newAggregator(fileConfigs, options.function, period);
    const node = options.esUrl ?? process.env.ES_URL;
    if (!node) throw new UsageError('--source elasticsearch needs --es-url or ES_URL');
    const base = connectionFromEnv();
    const client = await connectSearch({
      ...base,
      node,
      engine: options.engine ? engineSetting(options.engine, '--engine') : base.engine,
      aws: { ...base.aws, region: options.region ?? base.aws?.region, profile: options.profile },
    });
    try {
      await aggregateFromElasticsearch(agg, {
        search: async (index, body) =>
          (await client.request({ method: 'POST', path: `/${encodeURIComponent(index)}/_search`, body }))
            .body,
        index: options.esIndex,
        functions: options.function,
      });
    } finally {
      await client.close();
    }
  } else {
    if (inputs.length === 0) {
      throw new UsageError(
        'no inputs: pass log files (or - for stdin), --function <names> to read CloudWatch Logs, or --source elasticsearch',
      );
    }
    agg = newAggregator(fileConfigs, options.function, period);
    const inputReport = createInputReport();
    await aggregateFiles(agg, inputs, { report: inputReport });
    for (const input of inputReport.inputs) {
      if (input.error) console.error(`error: ${input.input}: ${input.error}`);
      else if (input.warnings > 0)
        console.error(`warning: ${input.input}: ${input.warnings} malformed lines kept as text`);
    }
  }
  const report = buildReport(agg, { freeTier: options.freeTier === true });
  const text = render(report, options.output);
  if (options.out) await writeFile(options.out, text);
  else process.stdout.write(text);
  for (const n of report.notPriced)
    console.error(`warning: ${n.count} invocation(s) not priced: ${n.message}`);
  if (report.notPriced.some((n) => n.reason.startsWith('missing-') || n.reason === 'unknown-region')) {
    process.exitCode = 2;
  }
  return report;
}

type NewAggregator = (
  configs: FunctionConfigs,
  functions: string[] | undefined,
  period: Period | undefined,
) => CostAggregator;

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

/**
 * The AWS branch: discovery picks the functions and supplies what their logs do not say
 * (a --config entry or --arch still wins), then Insights or FilterLogEvents reads the
 * period and the month before it. Insights' REPORT fields exist for the text log format
 * only, so functions logging JSON are read with FilterLogEvents whatever the source.
 */
async function aggregateFromAws(
  source: 'insights' | 'filter-log-events',
  options: CostOptions,
  fileConfigs: FunctionConfigs,
  period: Period | undefined,
  newAggregator: NewAggregator,
): Promise<CostAggregator> {
  if (!options.function || options.function.length === 0) {
    throw new UsageError(`--source ${source} needs --function <names|prefix*>`);
  }
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once('SIGINT', onSigint);
  const progress = progressLine();
  try {
    const session = createAwsSession({
      ...awsSessionOptions(options, abort.signal),
      logger: { ...silentLogger, warn: (message) => console.error(`warning: ${message}`) },
    });
    const discovery = createFunctionDiscovery({
      client: session.lambda,
      ctx: session.ctx,
      region: session.region,
    });
    const functions = await discovery.discover(parseFunctionList(options.function));
    const configs = mergeDiscoveredConfigs(functions, fileConfigs, options.arch);
    const now = Date.now();
    const chosen = period ?? currentMonth(now);
    const agg = newAggregator(
      configs,
      functions.map((f) => f.functionName),
      chosen,
    );
    const startMs = agg.previous?.period.fromMs ?? chosen.fromMs;
    const endMs = Math.min(chosen.toMs, now);
    if (endMs <= startMs) return agg;
    const json = source === 'insights' ? functions.filter((f) => f.logFormat === 'JSON') : functions;
    const text = source === 'insights' ? functions.filter((f) => f.logFormat !== 'JSON') : [];
    if (text.length > 0) {
      await aggregateFromInsights(agg, {
        client: session.logs,
        ctx: session.ctx,
        functions: text,
        startMs,
        endMs,
        onProgress: (p: InsightsProgress) =>
          progress.update(
            `Logs Insights: ${p.windowsDone}/${p.windowsTotal} windows, ${p.recordsScanned.toLocaleString('en-US')} records scanned`,
          ),
        onWarning: (message) => console.error(`warning: ${message}`),
      });
      progress.done();
    }
    if (json.length > 0) {
      if (source === 'insights') {
        console.error(
          `note: ${json.map((f) => f.functionName).join(', ')} log(s) in JSON format; reading their REPORT records with FilterLogEvents`,
        );
      }
      await aggregateFromHistory(agg, {
        client: session.logs,
        ctx: session.ctx,
        functions: json,
        startMs,
        endMs,
        onProgress: (p) =>
          progress.update(
            `FilterLogEvents: ${p.events.toLocaleString('en-US')} REPORT records read, ${p.invocations.toLocaleString('en-US')} invocations`,
          ),
      });
    }
    return agg;
  } finally {
    progress.done();
    process.off('SIGINT', onSigint);
  }
}

function render(report: CostReport, output: CostOptions['output']): string {
  switch (output) {
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'csv':
      return renderCsv(report);
    case 'md':
      return renderMarkdown(report);
    case 'html':
      return renderHtml(report);
    default:
      return renderTable(report);
  }
}
