/**
 * AWS console addresses for one invocation (its log stream at that time, a Logs Insights
 * query for its request ID, its X-Ray trace, its function) and the OSC 8 sequence that
 * makes a label a link in terminals that support it; others show the label alone.
 *
 * The console's fragment encoding is its own: path parts are percent-encoded twice with
 * `%` written `$`, and the Insights query is a JSURL-like object (`~(key~'value)`) whose
 * strings are percent-encoded with `%` written `*`.
 */
import type { Invocation } from '../../collectors/model.ts';

export interface InvocationLinks {
  logStream: string | null;
  insights: string | null;
  trace: string | null;
  function: string | null;
}

/** The console host of a region's partition. */
export function consoleHost(region: string): string {
  if (region.startsWith('cn-')) return `${region}.console.amazonaws.cn`;
  if (region.startsWith('us-gov-')) return `${region}.console.amazonaws-us-gov.com`;
  return `${region}.console.aws.amazon.com`;
}

const twice = (value: string): string => encodeURIComponent(encodeURIComponent(value)).replace(/%/g, '$');

/** A string inside the Insights query object: `'` then its percent-encoding with `*` for `%`. */
const queryString = (value: string): string => `'${encodeURIComponent(value).replace(/%/g, '*')}`;

function insightsFragment(logGroup: string, query: string, startMs: number, endMs: number): string {
  const detail = [
    `end~${queryString(new Date(endMs).toISOString())}`,
    `start~${queryString(new Date(startMs).toISOString())}`,
    `timeType~'ABSOLUTE`,
    `tz~'UTC`,
    `editorString~${queryString(query)}`,
    `source~(~${queryString(logGroup)})`,
  ].join('~');
  // escape() (not encodeURIComponent) is what the console applies here: it also encodes `~`.
  const escaped = `~(${detail})`.replace(/[~()'!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `logsV2:logs-insights${encodeURIComponent(`?queryDetail=${escaped}`).replace(/%/g, '$')}`;
}

/** Console links for an invocation; null where the logs did not say enough (no region, no group). */
export function invocationLinks(inv: Invocation, defaultRegion: string | null): InvocationLinks {
  const region = inv.region ?? defaultRegion;
  if (!region) return { logStream: null, insights: null, trace: null, function: null };
  const host = `https://${consoleHost(region)}`;
  const cloudwatch = `${host}/cloudwatch/home?region=${region}#`;
  const startMs = inv.start ? Date.parse(inv.start) : Number.NaN;
  const endMs = inv.end ? Date.parse(inv.end) : startMs;
  const group = inv.logGroup;
  let logStream: string | null = null;
  let insights: string | null = null;
  if (group) {
    // `?start=` is encoded once, unlike the names before it.
    const at = Number.isFinite(startMs) ? `$3Fstart$3D${startMs - 1000}` : '';
    if (inv.logStream) {
      logStream = `${cloudwatch}logsV2:log-groups/log-group/${twice(group)}/log-events/${twice(inv.logStream)}${at}`;
    }
    if (Number.isFinite(startMs)) {
      const query = `fields @timestamp, @logStream, @message\n| filter @requestId = "${inv.requestId}" or @message like "${inv.requestId}"\n| sort @timestamp asc`;
      const end = Number.isFinite(endMs) ? endMs : startMs;
      insights = `${cloudwatch}${insightsFragment(group, query, startMs - 60_000, end + 60_000)}`;
    }
  }
  const trace = inv.traceId ? `${cloudwatch}xray:traces/${inv.traceId}` : null;
  const fn = inv.functionName
    ? `${host}/lambda/home?region=${region}#/functions/${encodeURIComponent(inv.functionName)}`
    : null;
  return { logStream, insights, trace, function: fn };
}

/** `label` as an OSC 8 hyperlink to `url`. */
export function hyperlink(url: string, label: string): string {
  return `\u001B]8;;${url}\u0007${label}\u001B]8;;\u0007`;
}
