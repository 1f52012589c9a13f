/**
 * Turns planned streams into the raw CloudWatch event messages Lambda writes: tab-separated
 * text platform lines (trailing tab and newline, XRAY on a second line) for `LogFormat=Text`,
 * `platform.*` records for `LogFormat=JSON`, and each runtime's own application line shape.
 */
import type { HandlerError } from './app-lines.ts';
import type { ExampleFunction } from './functions.ts';
import type { InvocationPlan, StreamPlan, TimedLine } from './plan.ts';

/** One event as CloudWatch stores it, plus which request the generator wrote it for. */
export interface RawEvent {
  timestamp: number;
  message: string;
  /** `init`: the environment's start-up, which belongs to the request it serves first. */
  role: 'init' | 'platform' | 'line';
  requestId: string;
}

export interface RenderedStream {
  logStream: string;
  events: RawEvent[];
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** Text platform lines carry two decimals; JSON numbers print as the shortest exact form. */
const ms2 = (n: number): string => n.toFixed(2);

function runtimeArn(fn: ExampleFunction, hash: string): string {
  return `arn:aws:lambda:${fn.config.region}::runtime:${hash}`;
}

function pythonLevel(level: string): string {
  return level === 'WARN' ? 'WARNING' : level;
}

const LAMBDA_WARNING =
  'LAMBDA_WARNING: Unhandled exception. The most likely cause is an issue in the function code. However, in rare cases, a Lambda runtime update can cause unexpected function behavior. For functions using managed runtimes, runtime updates can be triggered by a function change, or can be applied automatically. To determine if the runtime has been updated, check the runtime version in the INIT_START log entry. If this error correlates with a change in the runtime version, you may be able to mitigate this error by temporarily rolling back to the previous runtime version. For more information, see https://docs.aws.amazon.com/lambda/latest/dg/runtimes-update.html';

function javaTime(ms: number): string {
  return iso(ms).replace('T', ' ').replace('Z', '');
}

function textAppLine(fn: ExampleFunction, line: TimedLine, requestId: string): string {
  if (line.untagged) return `${line.text}\n`;
  switch (fn.appStyle) {
    case 'node':
      return `${iso(line.at)}\t${requestId}\t${line.level}\t${line.text}\n`;
    case 'python':
      return `[${pythonLevel(line.level)}]\t${iso(line.at)}\t${requestId}\t${line.text}\n`;
    default:
      // log4j2 with the Lambda appender's documented pattern.
      return `${javaTime(line.at)} ${requestId} ${line.level.padEnd(5)} WebhookHandler - ${line.text}\n`;
  }
}

function jsonAppLine(fn: ExampleFunction, line: TimedLine, requestId: string | null): string {
  if (line.untagged) return line.text;
  if (fn.appStyle === 'python') {
    const rid = requestId === null ? '' : `, "requestId": "${requestId}"`;
    return `{"timestamp": "${iso(line.at)}", "level": "${pythonLevel(line.level)}", "message": ${JSON.stringify(line.text)}, "logger": "root"${rid}}`;
  }
  const record: Record<string, string> = { timestamp: iso(line.at), level: line.level };
  if (requestId !== null) record.requestId = requestId;
  record.message = line.text;
  return JSON.stringify(record);
}

function textHandlerError(fn: ExampleFunction, err: HandlerError, at: number, requestId: string): string[] {
  if (fn.appStyle === 'python') {
    return [
      `${LAMBDA_WARNING}\n`,
      `[ERROR] ${err.errorType}: ${err.errorMessage}\nTraceback (most recent call last):\n${err.stack.join('')}`,
    ];
  }
  const body = JSON.stringify({ errorType: err.errorType, errorMessage: err.errorMessage, stack: err.stack });
  return [`${iso(at)}\t${requestId}\tERROR\tInvoke Error \t${body}\n`];
}

function jsonHandlerError(fn: ExampleFunction, err: HandlerError, at: number, requestId: string): string {
  if (fn.appStyle === 'python') {
    return `{"timestamp": "${iso(at)}", "log_level": "ERROR", "errorMessage": ${JSON.stringify(err.errorMessage)}, "errorType": "${err.errorType}", "requestId": "${requestId}", "stackTrace": ${JSON.stringify(err.stack)}}`;
  }
  return JSON.stringify({
    timestamp: iso(at),
    level: 'ERROR',
    requestId,
    message: 'Invoke Error',
    errorType: err.errorType,
    errorMessage: err.errorMessage,
    stackTrace: err.stack,
  });
}

function textReport(fn: ExampleFunction, inv: InvocationPlan): string {
  const f = [
    `REPORT RequestId: ${inv.requestId}`,
    `Duration: ${ms2(inv.durationMs)} ms`,
    `Billed Duration: ${inv.billedDurationMs} ms`,
    `Memory Size: ${fn.memorySizeMB} MB`,
    `Max Memory Used: ${inv.maxMemoryUsedMB} MB`,
  ];
  if (inv.cold?.kind === 'init') f.push(`Init Duration: ${ms2(inv.cold.initMs)} ms`);
  if (inv.cold?.kind === 'restore') {
    f.push(
      `Restore Duration: ${ms2(inv.cold.restoreMs)} ms`,
      `Billed Restore Duration: ${inv.cold.billedRestoreMs} ms`,
    );
  }
  const style = fn.textStyle;
  if (inv.status === 'timeout' && style.timeout === 'new') f.push('Status: timeout');
  if (inv.status === 'oom' && style.oom === 'new') f.push('Status: error', `Error Type: ${inv.errorType}`);
  if (inv.status === 'crash' && style.crash === 'new')
    f.push('Status: error', `Error Type: ${inv.errorType}`);
  let msg = `${f.join('\t')}\t\n`;
  if (inv.traceId !== null)
    msg += `XRAY TraceId: ${inv.traceId}\tSegmentId: ${inv.segmentId}\tSampled: true\t\n`;
  return msg;
}

function tracing(inv: InvocationPlan): Record<string, string> | undefined {
  if (inv.traceId === null) return undefined;
  return {
    spanId: inv.segmentId,
    type: 'X-Amzn-Trace-Id',
    value: `Root=${inv.traceId};Parent=${inv.segmentId.split('').reverse().join('')};Sampled=1`,
  };
}

function jsonReport(fn: ExampleFunction, inv: InvocationPlan): string {
  const metrics: Record<string, number> = {
    durationMs: inv.durationMs,
    billedDurationMs: inv.billedDurationMs,
    memorySizeMB: fn.memorySizeMB,
    maxMemoryUsedMB: inv.maxMemoryUsedMB,
  };
  if (inv.cold?.kind === 'init') metrics.initDurationMs = inv.cold.initMs;
  if (inv.cold?.kind === 'restore') {
    metrics.restoreDurationMs = inv.cold.restoreMs;
    metrics.billedRestoreDurationMs = inv.cold.billedRestoreMs;
  }
  const record: Record<string, unknown> = { requestId: inv.requestId, metrics };
  const t = tracing(inv);
  if (t) record.tracing = t;
  // A handler error is `error`; `failure` is the runtime itself failing (the model calls it a crash).
  const status = {
    success: 'success',
    error: 'error',
    timeout: 'timeout',
    oom: 'error',
    crash: 'error',
  } as const;
  record.status = inv.status === 'incomplete' ? 'success' : status[inv.status];
  if (inv.errorType !== null) record.errorType = inv.errorType;
  return JSON.stringify({ time: iso(inv.endAt), type: 'platform.report', record });
}

/** Renders one stream of a function; `arnHash` is the runtime build hash in INIT_START. */
export function renderStream(fn: ExampleFunction, stream: StreamPlan, arnHash: string): RenderedStream {
  const events: RawEvent[] = [];
  const json = fn.logFormat === 'JSON';
  const add = (timestamp: number, message: string, role: RawEvent['role'], requestId: string): void => {
    events.push({ timestamp, message, role, requestId });
  };
  const arn = runtimeArn(fn, arnHash);
  const functionArn = `arn:aws:lambda:${fn.config.region}:${fn.config.accountId}:function:${fn.config.functionName}`;
  for (const inv of stream.invocations) {
    const id = inv.requestId;
    const cold = inv.cold;
    if (cold?.kind === 'init') {
      if (json) {
        const record = {
          initializationType: 'on-demand',
          phase: 'init',
          runtimeVersion: fn.runtimeVersion,
          runtimeVersionArn: arn,
          functionName: fn.config.functionName,
          functionVersion: fn.version,
          instanceId: stream.logStream,
          instanceMaxMemory: fn.memorySizeMB * 1048576,
        };
        add(cold.at, JSON.stringify({ time: iso(cold.at), type: 'platform.initStart', record }), 'init', id);
      } else {
        add(
          cold.at,
          `INIT_START Runtime Version: ${fn.runtimeVersion}\tRuntime Version ARN: ${arn}\n`,
          'init',
          id,
        );
      }
      for (const line of cold.lines) {
        const msg = json
          ? jsonAppLine(fn, line, null)
          : fn.appStyle === 'node' && !line.untagged
            ? `${iso(line.at)}\tundefined\t${line.level}\t${line.text}\n`
            : textAppLine(fn, line, id);
        add(line.at, msg, 'init', id);
      }
    }
    if (cold?.kind === 'restore') {
      add(
        cold.at,
        `RESTORE_START Runtime Version: ${fn.runtimeVersion}\tRuntime Version ARN: ${arn}\n`,
        'init',
        id,
      );
      add(cold.restoreDoneAt, `RESTORE_REPORT Restore Duration: ${ms2(cold.restoreMs)} ms\t\n`, 'init', id);
    }
    if (json) {
      const record: Record<string, unknown> = { requestId: id, functionArn, version: fn.version };
      const t = tracing(inv);
      if (t) record.tracing = t;
      add(
        inv.startAt,
        JSON.stringify({ time: iso(inv.startAt), type: 'platform.start', record }),
        'platform',
        id,
      );
    } else {
      add(inv.startAt, `START RequestId: ${id} Version: ${fn.version}\n`, 'platform', id);
    }
    for (const line of inv.lines) {
      add(line.at, json ? jsonAppLine(fn, line, id) : textAppLine(fn, line, id), 'line', id);
    }
    if (inv.status === 'incomplete') continue;
    if (inv.handlerError) {
      if (json) add(inv.endAt, jsonHandlerError(fn, inv.handlerError, inv.endAt, id), 'line', id);
      else
        for (const msg of textHandlerError(fn, inv.handlerError, inv.endAt, id))
          add(inv.endAt, msg, 'line', id);
    }
    if (!json) {
      const style = fn.textStyle;
      if (inv.status === 'timeout' && style.timeout === 'old') {
        add(
          inv.endAt,
          `${iso(inv.endAt)} ${id} Task timed out after ${(inv.durationMs / 1000).toFixed(2)} seconds\n`,
          'line',
          id,
        );
      }
      if (inv.status === 'crash' && style.crash === 'old') {
        add(
          inv.endAt,
          `RequestId: ${id} Error: Runtime exited with error: exit status 1\nRuntime.ExitError\n`,
          'line',
          id,
        );
      }
      if (inv.status === 'oom' && style.oom === 'old') {
        add(
          inv.endAt,
          `RequestId: ${id} Error: Runtime exited with error: signal: killed\nRuntime.ExitError\n`,
          'line',
          id,
        );
      }
      add(inv.endAt, `END RequestId: ${id}\n`, 'platform', id);
      add(inv.endAt, textReport(fn, inv), 'platform', id);
    } else {
      add(inv.endAt, jsonReport(fn, inv), 'platform', id);
    }
  }
  return { logStream: stream.logStream, events };
}
