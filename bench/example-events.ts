/**
 * The example month's events, as the benches scale them up: every event of the example
 * files in file order, and the patterns that give each copy request IDs and streams of its
 * own; and the REPORT lines the cost benches read.
 */
import { generateExamples } from '../examples/generate.ts';

export interface BaseEvent {
  timestamp: number;
  logStream: string;
  message: string;
}

/** Every event of the example files, in file order. */
export function exampleEvents(): BaseEvent[] {
  const out: BaseEvent[] = [];
  for (const [name, content] of generateExamples().files) {
    if (name === 'functions.json' || name === 'manifest.json' || name.endsWith('.log')) continue;
    const doc = JSON.parse(content) as {
      events?: { timestamp: number; logStreamName: string; message: string }[];
      logStream?: string;
      logEvents?: { timestamp: number; message: string }[];
    };
    for (const e of doc.events ?? [])
      out.push({ timestamp: e.timestamp, logStream: e.logStreamName, message: e.message });
    for (const e of doc.logEvents ?? [])
      out.push({ timestamp: e.timestamp, logStream: doc.logStream ?? '', message: e.message });
  }
  return out;
}

/** A request ID's last 12 hex digits, replaced by a copy's tag. */
export const UUID_TAIL = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-)[0-9a-f]{12}/g;
/** A stream name's last 6 hex digits, replaced by a copy's tag. */
export const STREAM_TAIL = /(\][0-9a-f]{26})[0-9a-f]{6}/g;

/**
 * The `i`-th REPORT line of a function with `memory` MB, request number `n`, tab-separated
 * as CloudWatch stores it (durations spread over 1-300 ms, memory used 60-109 MB).
 */
export function reportLine(n: number, i: number, memory: number): string {
  const d = 1 + ((i * 7919) % 3000) / 10;
  return `REPORT RequestId: 00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}\tDuration: ${d.toFixed(2)} ms\tBilled Duration: ${Math.ceil(d)} ms\tMemory Size: ${memory} MB\tMax Memory Used: ${60 + (i % 50)} MB\t\n`;
}
