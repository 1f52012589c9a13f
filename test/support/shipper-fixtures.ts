/**
 * Log events built from the real samples in test/fixtures/shipper-samples.txt: each block
 * becomes one log stream; copies get their own request IDs, event IDs and times so that
 * volume tests hold many distinct invocations. Copy 0 keeps the samples' IDs untouched.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { LogEvent } from '../../collectors/model.ts';

export const FIXTURE_GROUP = '/aws/lambda/fixture-fn';
export const FIXTURE_ACCOUNT = '123456789012';
/** Lines and invocations in one copy of all blocks, counted by hand from the fixture file. */
export const LINES_PER_COPY = 26;
export const INVOCATIONS_PER_COPY = 8;
const BASE_TIME = Date.parse('2026-01-10T12:00:00.000Z');

export interface Block {
  source: string;
  lines: string[];
}

export function loadBlocks(): Block[] {
  const text = readFileSync(new URL('../fixtures/shipper-samples.txt', import.meta.url), 'utf8');
  const blocks: Block[] = [];
  let current: Block | null = null;
  for (const line of text.split('\n')) {
    if (line.startsWith('# source:')) {
      current = { source: line, lines: [] };
      blocks.push(current);
    } else if (line.startsWith('#') || line === '') {
    } else current?.lines.push(line);
  }
  return blocks;
}

const REQUEST_ID = /RequestId: ([0-9a-z-]{20,})|"requestId":"([^"]+)"/g;

function renameIds(lines: string[], copy: number): string[] {
  if (copy === 0) return lines;
  const ids = new Set<string>();
  for (const l of lines) for (const m of l.matchAll(REQUEST_ID)) ids.add((m[1] ?? m[2])!);
  const suffix = copy.toString(16).padStart(4, '0');
  return lines.map((l) => {
    let out = l;
    for (const id of ids) out = out.split(id).join(`${id.slice(0, -4)}${suffix}`);
    return out;
  });
}

/** One stream per block per copy, events in stream order. */
export function fixtureStreams(copies: number): LogEvent[][] {
  const blocks = loadBlocks();
  const streams: LogEvent[][] = [];
  for (let copy = 0; copy < copies; copy++) {
    blocks.forEach((block, b) => {
      const stream = `2026/01/10/[$LATEST]c${copy}b${b}`;
      const lines = renameIds(block.lines, copy);
      streams.push(
        lines.map((message, i) => {
          const timestamp = BASE_TIME + copy * 1000 + b * 50 + i;
          return {
            timestamp,
            message: `${message}\n`,
            logGroup: FIXTURE_GROUP,
            logStream: stream,
            eventId:
              `${timestamp}${String(copy).padStart(8, '0')}${String(b).padStart(4, '0')}${String(i).padStart(4, '0')}`.padEnd(
                56,
                '0',
              ),
          };
        }),
      );
    });
  }
  return streams;
}

export function fixtureEvents(copies: number): LogEvent[] {
  return fixtureStreams(copies).flat();
}

/** A CloudWatch Logs subscription delivery of some events of one stream, as Lambda receives it. */
export function subscriptionEvent(
  events: LogEvent[],
  options: { messageType?: string; policyLevel?: string } = {},
): { awslogs: { data: string } } {
  const first = events[0];
  const payload = {
    messageType: options.messageType ?? 'DATA_MESSAGE',
    owner: FIXTURE_ACCOUNT,
    logGroup: first?.logGroup ?? FIXTURE_GROUP,
    logStream: first?.logStream ?? 'stream',
    subscriptionFilters: ['lambdalens-shipper'],
    ...(options.policyLevel ? { policyLevel: options.policyLevel } : {}),
    logEvents: events.map((e) => ({ id: e.eventId, timestamp: e.timestamp, message: e.message })),
  };
  return { awslogs: { data: gzipSync(JSON.stringify(payload)).toString('base64') } };
}

/**
 * Builders of one stream's subscription events in the fixture group: `event` a line as
 * CloudWatch delivers it (newline kept, an event ID of its own), `info` a runtime INFO line
 * of a request. Event IDs count from the builders' making, so two streams never share one.
 */
export function streamEventBuilders(stream: string): {
  event: (timestamp: number, message: string) => LogEvent;
  info: (timestamp: number, requestId: string, text: string) => LogEvent;
} {
  let eventNo = 0;
  const event = (timestamp: number, message: string): LogEvent => {
    eventNo++;
    return {
      timestamp,
      message: `${message}\n`,
      logGroup: FIXTURE_GROUP,
      logStream: stream,
      eventId: `${timestamp}${String(eventNo).padStart(8, '0')}`.padEnd(56, '0'),
    };
  };
  const info = (t: number, requestId: string, text: string) =>
    event(t, `${new Date(t).toISOString()}\t${requestId}\tINFO\t${text}`);
  return { event, info };
}
