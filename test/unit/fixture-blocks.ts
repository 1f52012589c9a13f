/**
 * Reads the real log samples (test/fixtures/lambda-log-samples.txt) into blocks and turns
 * each block into the log events CloudWatch would hold: text lines one event each, JSON
 * documents compacted to one event each (as CloudWatch stores a JSON-format record).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { splitCopyPrefix } from '../../collectors/files/copy-prefix.ts';
import type { Invocation, InvocationStatus, LogEvent } from '../../collectors/model.ts';

export interface FixtureBlock {
  index: number;
  source: string;
  variant: string;
  body: string;
}

const FILE = fileURLToPath(new URL('../fixtures/lambda-log-samples.txt', import.meta.url));

export function fixtureBlocks(): FixtureBlock[] {
  const blocks: FixtureBlock[] = [];
  for (const chunk of readFileSync(FILE, 'utf8').split(/^# ----$/m)) {
    const source = /^# source: (.*)$/m.exec(chunk)?.[1];
    const variant = /^# variant: (.*)$/m.exec(chunk)?.[1];
    if (!source || !variant) continue;
    const body = chunk
      .split('\n')
      .filter((l) => !l.startsWith('#'))
      .join('\n')
      .trim();
    blocks.push({ index: blocks.length, source, variant, body });
  }
  return blocks;
}

/** Splits concatenated (possibly pretty-printed, possibly trailing-comma) JSON documents. */
function jsonDocuments(body: string): unknown[] {
  const docs: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      if (depth === 0) start = i;
      depth++;
    } else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) docs.push(JSON.parse(body.slice(start, i + 1).replace(/,(\s*[}\]])/g, '$1')));
    }
  }
  return docs;
}

/** The block's events, one per line or per JSON record, a millisecond apart. */
export function blockEvents(block: FixtureBlock, logStream = 'fixture-stream'): LogEvent[] {
  const base = Date.UTC(2026, 9, 1);
  const messages: string[] = [];
  if (block.body.startsWith('{') || block.body.startsWith('[')) {
    for (const doc of jsonDocuments(block.body)) {
      const records = Array.isArray(doc) ? doc : [doc];
      for (const r of records as Record<string, unknown>[]) {
        if (typeof r.message === 'string' && typeof r.timestamp === 'number') messages.push(r.message);
        else if (r.type !== undefined) messages.push(JSON.stringify(r));
        // Record bodies quoted without their envelope (the RIE unit tests): put the envelope back.
        else if ('initializationType' in r)
          messages.push(JSON.stringify({ type: 'platform.initRuntimeDone', record: r }));
        else messages.push(JSON.stringify({ type: 'platform.runtimeDone', record: r }));
      }
    }
  } else {
    for (const line of block.body.split('\n')) if (line.trim() && line.trim() !== '...') messages.push(line);
  }
  // Console copies carry a time in front of some lines: the file reader takes it off.
  return messages.map((line, i) => ({
    timestamp: base + i,
    message: splitCopyPrefix(line).message,
    logGroup: '/aws/lambda/fixture-fn',
    logStream,
  }));
}

/** What a sample's invocation must be, in the order the samples tests write it. */
export type ExpectedInvocation = [
  requestId: string,
  status: InvocationStatus,
  errorType: string | null,
  coldStart: boolean,
  durationMs: number | null,
  billedDurationMs: number | null,
  memorySizeMB: number | null,
  maxMemoryUsedMB: number | null,
  initDurationMs: number | null,
  restoreDurationMs: number | null,
  billedRestoreDurationMs: number | null,
  traceId: string | null,
  lines: number,
];

export function invocationRow(i: Invocation): ExpectedInvocation {
  return [
    i.requestId,
    i.status,
    i.errorType,
    i.coldStart,
    i.durationMs,
    i.billedDurationMs,
    i.memorySizeMB,
    i.maxMemoryUsedMB,
    i.initDurationMs,
    i.restoreDurationMs,
    i.billedRestoreDurationMs,
    i.traceId,
    i.lines.length,
  ];
}
