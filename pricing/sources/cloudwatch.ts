/**
 * Cost from CloudWatch Logs: discovery picks the functions and supplies what their logs do
 * not say (a --config entry or --arch still wins), then Logs Insights or FilterLogEvents
 * reads the period and the month before it. Insights' REPORT fields exist for the text log
 * format only, so functions logging JSON are read with FilterLogEvents whatever the source.
 */
import { type AwsSessionOptions, createAwsSession } from '../../collectors/aws/session.ts';
import { logGroupChecker } from '../../collectors/cloudwatch-logs/log-group-exists.ts';
import { createFunctionDiscovery, type FunctionSelector } from '../../collectors/lambda/discovery.ts';
import { readProvisionedConcurrency } from '../../collectors/lambda/provisioned.ts';
import { standInText } from '../../collectors/lambda/stand-in.ts';
import type { Architecture, FunctionConfig } from '../../collectors/model.ts';
import type { FunctionConfigs } from '../context.ts';
import type { CostAggregator } from '../report/aggregator.ts';
import type { Period } from '../report/period.ts';
import { mergeDiscoveredConfigs } from './aws-functions.ts';
import { aggregateFromHistory } from './cloudwatch-history.ts';
import { aggregateFromInsights } from './cloudwatch-insights.ts';

export type CloudWatchCostSource = 'insights' | 'filter-log-events';

export interface CloudWatchCostOptions extends AwsSessionOptions {
  source: CloudWatchCostSource;
  functions: FunctionSelector;
  /** The --config file's entries; discovery fills only what they leave open. */
  fileConfigs: FunctionConfigs;
  architecture?: Architecture | undefined;
  period: Period;
  /** Makes the aggregator once the functions and their configurations are known. */
  newAggregator: (configs: FunctionConfigs, functions: string[], period: Period) => CostAggregator;
  /** One line of progress, rewritten in place by the caller. */
  onProgress?: ((text: string) => void) | undefined;
  /** Something the user should know (a warning, or a change of reading method). */
  onNote?: ((text: string) => void) | undefined;
  now?: number | undefined;
}

/** Discovers, reads and aggregates; the aggregator holds the report's data when this resolves. */
export async function aggregateFromCloudWatch(options: CloudWatchCostOptions): Promise<CostAggregator> {
  const note = options.onNote ?? (() => {});
  const progress = options.onProgress ?? (() => {});
  const session = createAwsSession(options);
  const discovery = createFunctionDiscovery({
    client: session.lambda,
    ctx: session.ctx,
    region: session.region,
    logGroupExists: logGroupChecker(session.logs, session.ctx),
  });
  const functions = await discovery.discover(options.functions);
  const standIns = new Set<string>();
  for (const f of functions) {
    if (!f.standIn) continue;
    standIns.add(f.functionName);
    note(`note: ${standInText(f.functionName, f.logGroup, f.standIn)}`);
  }
  const configs = mergeDiscoveredConfigs(functions, options.fileConfigs, options.architecture);
  // A function Lambda does not describe has no provisioned concurrency to ask about.
  await addProvisionedConcurrency(configs, options.fileConfigs, standIns, session, note);
  const agg = options.newAggregator(
    configs,
    functions.map((f) => f.functionName),
    options.period,
  );
  const startMs = agg.previous?.period.fromMs ?? options.period.fromMs;
  const endMs = Math.min(options.period.toMs, options.now ?? Date.now());
  if (endMs <= startMs) return agg;
  const insights = options.source === 'insights';
  // A stand-in's log format is unknown: FilterLogEvents reads REPORTs of either.
  const byFilter = insights ? functions.filter((f) => f.logFormat === 'JSON' || f.standIn) : functions;
  const text = insights ? functions.filter((f) => f.logFormat !== 'JSON' && !f.standIn) : [];
  const json = functions.filter((f) => f.logFormat === 'JSON');
  if (text.length > 0) {
    await aggregateFromInsights(agg, {
      client: session.logs,
      ctx: session.ctx,
      functions: text,
      startMs,
      endMs,
      onProgress: (p) =>
        progress(
          `Logs Insights: ${p.windowsDone}/${p.windowsTotal} windows, ${p.recordsScanned.toLocaleString('en-US')} records scanned`,
        ),
      onWarning: (message) => note(`warning: ${message}`),
    });
  }
  if (byFilter.length > 0) {
    if (insights && json.length > 0) {
      note(
        `note: ${json.map((f) => f.functionName).join(', ')} log(s) in JSON format; reading their REPORT records with FilterLogEvents`,
      );
    }
    const read = await aggregateFromHistory(agg, {
      client: session.logs,
      ctx: session.ctx,
      functions: byFilter,
      startMs,
      endMs,
      onProgress: (p) =>
        progress(
          `FilterLogEvents: ${p.events.toLocaleString('en-US')} REPORT records read, ${p.invocations.toLocaleString('en-US')} invocations`,
        ),
    });
    for (const [group, n] of read.otherFunctions) {
      note(
        `note: ${n.toLocaleString('en-US')} ${n === 1 ? 'event' : 'events'} of other functions' streams in ${group} left out`,
      );
    }
  }
  return agg;
}

/**
 * Provisioned concurrency as configured now, for the standing charge of functions the
 * --config file does not describe. A function the API will not answer for keeps what the
 * config says (nothing), and the note says so rather than leaving the charge out quietly.
 */
async function addProvisionedConcurrency(
  configs: Map<string, FunctionConfig>,
  fileConfigs: FunctionConfigs,
  standIns: ReadonlySet<string>,
  session: ReturnType<typeof createAwsSession>,
  note: (text: string) => void,
): Promise<void> {
  const unread: string[] = [];
  let reason = '';
  for (const [name, config] of configs) {
    if (fileConfigs.get(name)?.provisionedConcurrency !== undefined || standIns.has(name)) continue;
    try {
      const pc = await readProvisionedConcurrency(session.lambda, session.ctx, name);
      if (pc.environments > 0) config.provisionedConcurrency = pc.environments;
    } catch (err) {
      unread.push(name);
      reason ||= (err as Error).message.split('\n')[0] ?? '';
    }
  }
  if (unread.length > 0) {
    note(
      `note: provisioned concurrency of ${unread.join(', ')} could not be read (${reason}): its standing charge comes from provisionedConcurrency in --config only`,
    );
  }
}
