/**
 * Text copied out of a console or a CLI carries a prefix in front of each Lambda message:
 * `sam logs` puts the stream and a time there, `aws logs tail` a time and the stream, and
 * pasted console rows a timestamp. The prefix is taken off and kept as event data.
 */
import { parseIso } from '../iso-time.ts';

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

function toMs(time: string): number | undefined {
  const ms = parseIso(time);
  return Number.isFinite(ms) ? ms : undefined;
}

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

export function splitCopyPrefix(line: string): CopyPrefix {
  const c = line.charCodeAt(0);
  if (c < 48 || c > 57) return { message: line };
  let m = SAM.exec(line);
  if (m) {
    return {
      logStream: sameStream(m[1] as string),
      timestamp: toMs(m[2] as string),
      message: line.slice(m[0].length),
    };
  }
  m = AWS_TAIL.exec(line);
  if (m) {
    return {
      logStream: sameStream(m[2] as string),
      timestamp: toMs(m[1] as string),
      message: line.slice(m[0].length),
    };
  }
  m = CONSOLE.exec(line);
  if (m) return { logStream: undefined, timestamp: toMs(m[1] as string), message: line.slice(m[0].length) };
  return { message: line };
}
