/**
 * Text copied out of a console or a CLI carries a prefix in front of each Lambda message:
 * `sam logs` puts the stream and a time there, `aws logs tail` a time and the stream, and
 * pasted console rows a timestamp. The prefix is taken off and kept as event data.
 */
import { parseIso } from '../iso-time.ts';
import type { LogEvent } from '../model.ts';

export interface CopyPrefix {
  /** The message without its prefix. */
  message: string;
  /** Epoch ms of the prefix's time, when it had one. */
  timestamp?: number | undefined;
  logStream?: string | undefined;
}

const STREAM = '\\d{4}/\\d{2}/\\d{2}/\\[[^\\]]+\\][0-9a-zA-Z]+';
const TIME = '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?(?:Z|[+-]\\d{2}:\\d{2})?';
/** `sam logs`: `<stream> <time> <message>`. */
const SAM = new RegExp(`^(${STREAM})\\s+(${TIME})\\s`);
/** `aws logs tail`: `<time> <stream> <message>`. */
const AWS_TAIL = new RegExp(`^(${TIME})\\s+(${STREAM})\\s`);
/**
 * A pasted console timestamp, recognised only in front of something Lambda writes at the
 * start of a message, so that runtime lines (`<time>\t<requestId>\t…`) keep their own time.
 */
const CONSOLE = new RegExp(
  `^(${TIME})\\s+(?=START |END |REPORT |INIT_|RESTORE_|EXTENSION|TELEMETRY|XRAY |\\[[A-Z]+\\]|\\{|\\d{4}-\\d{2}-\\d{2}T)`,
);

/**
 * The stream name of the line before, reused when the next line names the same stream (a
 * copy holds runs of one stream's lines): one string object for the whole run, whose hash
 * the consumers' lookups by stream then compute once rather than once a line.
 */
let lastStream = '';

function sameStream(name: string): string {
  if (name === lastStream) return lastStream;
  lastStream = name;
  return name;
}

function event(
  message: string,
  timestamp: number,
  logStream: string | undefined,
  functionName: string | undefined,
): LogEvent {
  return { timestamp, message, logStream, functionName };
}

/**
 * A line of a copy as an event: its prefix, when it has one, taken off and kept as the
 * event's stream and time (NaN when it carries none). The time is read in place in the line.
 */
export function copyPrefixEvent(line: string, functionName: string | undefined): LogEvent {
  const c = line.charCodeAt(0);
  if (c < 48 || c > 57) return event(line, Number.NaN, undefined, functionName);
  let m = SAM.exec(line);
  if (m) {
    // The match ends in one white-space character, right after the time.
    const end = m[0].length - 1;
    const time = parseIso(line, end - (m[2] as string).length, end);
    return event(line.slice(m[0].length), time, sameStream(m[1] as string), functionName);
  }
  m = AWS_TAIL.exec(line);
  if (m) {
    const time = parseIso(line, 0, (m[1] as string).length);
    return event(line.slice(m[0].length), time, sameStream(m[2] as string), functionName);
  }
  m = CONSOLE.exec(line);
  if (m) {
    const time = parseIso(line, 0, (m[1] as string).length);
    return event(line.slice(m[0].length), time, undefined, functionName);
  }
  return event(line, Number.NaN, undefined, functionName);
}

export function splitCopyPrefix(line: string): CopyPrefix {
  const e = copyPrefixEvent(line, undefined);
  if (e.message === line) return { message: line };
  return {
    message: e.message,
    timestamp: Number.isFinite(e.timestamp) ? e.timestamp : undefined,
    logStream: e.logStream,
  };
}
