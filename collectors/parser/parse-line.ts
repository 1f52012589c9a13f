/**
 * One entry point for every form of Lambda log message: text platform lines, the JSON log
 * format, and runtime/application lines. Never throws; unknown input is a plain `app` line.
 */
import { parseAppText, parseTime } from './app-line.ts';
import { parseJsonRecord } from './json-record.ts';
import { parseLineHead } from './line-head.ts';
import { parseTextPlatform } from './text-platform.ts';
import type { ParsedLine } from './types.ts';

/**
 * Longer messages are not parsed whole (CloudWatch caps events at 1 MB): only their head,
 * for their time, level and request ID (line-head.ts).
 */
export const MAX_PARSED_LENGTH = 1024 * 1024;

function firstNonSpace(message: string): number {
  let i = 0;
  while (i < message.length) {
    const c = message.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) break;
    i++;
  }
  return i;
}

export function parseLine(message: string): ParsedLine {
  const start = firstNonSpace(message);
  if (message.length > MAX_PARSED_LENGTH) return parseLineHead(message, start);
  const text = start === 0 ? message : message.slice(start);
  if (text.charCodeAt(0) === 123 /* { */) {
    const json = parseJsonRecord(text);
    if (json) return json;
  }
  return parseTextPlatform(text) ?? parseAppText(text);
}

/**
 * Whether `parseLine` reads the message as a REPORT. Only a message that starts (past its
 * white space) with an R, a text REPORT, or a brace, a JSON `platform.report`, can be one:
 * the many others are told without being parsed.
 */
export function isReportLine(message: string): boolean {
  const c = message.charCodeAt(firstNonSpace(message));
  if (c !== 82 /* R */ && c !== 123 /* { */) return false;
  return parseLine(message).kind === 'report';
}

/** A line that says nothing: no request, level, trace or failure. */
export function plainLine(): ParsedLine {
  return {
    kind: 'app',
    requestId: null,
    level: null,
    traceId: null,
    coldStart: null,
    signal: null,
    errorType: null,
  };
}

/** Epoch ms of the time the message itself states, when it states one. */
export function lineTime(parsed: ParsedLine): number | undefined {
  const t = parsed.time;
  return typeof t === 'number' ? t : typeof t === 'string' ? parseTime(t) : undefined;
}
