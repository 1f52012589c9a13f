/**
 * `lambdalens cost`: the monthly cost report from local log files (default) or from
 * invocation documents in Elasticsearch, rendered as a table, JSON, CSV, Markdown or HTML.
 */
import { writeFile } from 'node:fs/promises';
import { Client } from '@elastic/elasticsearch';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { createInputReport } from '../../collectors/files/read-inputs.ts';
import type { Architecture } from '../../collectors/model.ts';
import { isArchitecture, loadFunctionConfigs } from '../../pricing/context.ts';
import { loadPriceList } from '../../pricing/price-list.ts';
import type { PriceTable } from '../../pricing/price-table.ts';
import { renderCsv, renderMarkdown, renderTable } from '../../pricing/render/format.ts';
import { renderHtml } from '../../pricing/render/html.ts';
import { CostAggregator } from '../../pricing/report/aggregator.ts';
import { buildReport } from '../../pricing/report/build.ts';
import { monthPeriod, type Period, rangePeriod } from '../../pricing/report/period.ts';
import type { CostReport } from '../../pricing/report/types.ts';
import { aggregateFromElasticsearch } from '../../pricing/sources/elasticsearch.ts';
import { aggregateFiles } from '../../pricing/sources/local.ts';
import { AWS_LIST_PRICES } from '../../pricing/tables/aws-list-prices.ts';
import { UsageError } from '../options.ts';

export interface CostOptions {
  function?: string[];
  month?: string;
  from?: string;
  to?: string;
  region?: string;
  arch?: Architecture;
  prices?: string;
  freeTier?: boolean;
  config?: string;
  output: 'table' | 'json' | 'csv' | 'md' | 'html';
  out?: string;
  source: 'files' | 'elasticsearch';
  esUrl?: string;
  esIndex: string;
}

function parseArch(value: string): Architecture {
  if (!isArchitecture(value)) throw new InvalidArgumentError('expected x86_64 or arm64');
  return value;
}

export function registerCostCommand(program: Command): void {
  program
    .command('cost')
    .description('Monthly Lambda cost per function and in total, from REPORT lines')
    .argument('[inputs...]', 'log files (text, JSON, NDJSON, subscription payloads); - for stdin')
    .option('--function <names...>', 'only these functions')
    .option('--month <YYYY-MM>', 'calendar month (UTC)')
    .option('--from <YYYY-MM-DD>', 'range start (inclusive)')
    .option('--to <YYYY-MM-DD>', 'range end (inclusive)')
    .option('--region <region>', 'region for functions whose logs do not say it')
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
      new Option('--source <source>', 'where invocations come from')
        .choices(['files', 'elasticsearch'])
        .default('files'),
    )
    .option('--es-url <url>', 'Elasticsearch URL (default $ES_URL)')
    .option(
      '--es-index <index>',
      'index or pattern of shipped invocation documents',
      'lambdalens-invocations*',
    )
    .action(async (inputs: string[], options: CostOptions) => {
      await runCost(inputs, options);
    });
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
  const configs = options.config ? await loadFunctionConfigs(options.config) : new Map();
  const agg = new CostAggregator({
    table,
    period,
    configs,
    defaults: { region: options.region, architecture: options.arch },
    functions: options.function,
  });
  if (options.source === 'elasticsearch') {
    const node = options.esUrl ?? process.env.ES_URL;
    if (!node) throw new UsageError('--source elasticsearch needs --es-url or ES_URL');
    const client = new Client({ node });
    try {
      await aggregateFromElasticsearch(agg, { client, index: options.esIndex, functions: options.function });
    } finally {
      await client.close();
    }
  } else {
    if (inputs.length === 0) {
      throw new UsageError(
        'no inputs: pass log files (or - for stdin), or --source elasticsearch; reading CloudWatch Logs directly is not supported by cost yet',
      );
    }
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
