/**
 * The file shapes users actually hand over: `aws logs filter-log-events` output, a plain
 * `aws logs tail` or `sam logs` copy, and decoded CloudWatch subscription payloads.
 */
import type { Rng } from './prng.ts';
import type { RawEvent, RenderedStream } from './render.ts';

interface Merged {
  logStream: string;
  event: RawEvent;
}

/** All streams' events in time order, as FilterLogEvents and `logs tail` interleave them. */
export function mergeStreams(streams: RenderedStream[]): Merged[] {
  const all: Merged[] = [];
  for (const s of streams) for (const event of s.events) all.push({ logStream: s.logStream, event });
  // Array.prototype.sort is stable, so each stream keeps its own order on equal timestamps.
  return all.sort((a, b) => a.event.timestamp - b.event.timestamp);
}

/** CloudWatch event IDs are 56-digit decimal strings. */
export function eventId(rng: Rng): string {
  return `3${rng.digits(55)}`;
}

/** `aws logs filter-log-events --log-group-name /aws/lambda/<fn>` output (AWS CLI prints 4-space JSON). */
export function filterLogEventsFile(streams: RenderedStream[], rng: Rng): string {
  const events = mergeStreams(streams).map(({ logStream, event }) => ({
    logStreamName: logStream,
    timestamp: event.timestamp,
    message: event.message,
    ingestionTime: event.timestamp + rng.int(180, 4200),
    eventId: eventId(rng),
  }));
  return `${JSON.stringify({ events, searchedLogStreams: [] }, null, 4)}\n`;
}

function withoutNewline(message: string): string {
  return message.endsWith('\n') ? message.slice(0, -1) : message;
}

/** `aws logs tail --format detailed`: `<ISO with µs and +00:00> <stream> <message>`. */
export function tailTextFile(streams: RenderedStream[]): string {
  const lines = mergeStreams(streams).map(({ logStream, event }) => {
    const ts = new Date(event.timestamp).toISOString().replace('Z', '000+00:00');
    return `${ts} ${logStream} ${withoutNewline(event.message)}`;
  });
  return `${lines.join('\n')}\n`;
}

/**
 * `sam logs`: `<stream> <timestamp> <message>`, the timestamp from Python's isoformat(),
 * which has microseconds and no zone, and drops the fraction when it is zero.
 */
export function samTextFile(streams: RenderedStream[]): string {
  const lines = mergeStreams(streams).map(({ logStream, event }) => {
    const iso = new Date(event.timestamp).toISOString();
    const ms = event.timestamp % 1000;
    const ts = ms === 0 ? iso.slice(0, 19) : `${iso.slice(0, 23)}000`;
    return `${logStream} ${ts} ${withoutNewline(event.message)}`;
  });
  return `${lines.join('\n')}\n`;
}

/** A decoded subscription payload (the JSON inside `awslogs.data`) for one stream. */
export function subscriptionFile(stream: RenderedStream, logGroup: string, owner: string, rng: Rng): string {
  const payload = {
    messageType: 'DATA_MESSAGE',
    owner,
    logGroup,
    logStream: stream.logStream,
    subscriptionFilters: ['lambdalens-shipper'],
    logEvents: stream.events.map((e) => ({ id: eventId(rng), timestamp: e.timestamp, message: e.message })),
  };
  return `${JSON.stringify(payload)}\n`;
}
