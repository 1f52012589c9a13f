/**
 * Lines the runtimes and the application write: their request-ID tags, levels, and the
 * runtime messages that say how an invocation failed (timeouts, out-of-memory, crashes,
 * unhandled errors).
 */
import { parseIso } from '../iso-time.ts';
import type { LogLevel } from '../model.ts';
import { ID_TOKEN } from './request-id.ts';
import type { AppLine, FailureSignal } from './types.ts';

/** The spellings in capitals of each level, and the level they stand for. */
const CAPITAL_LEVELS: readonly (readonly [string, LogLevel])[] = [
  ['INFO', 'INFO'],
  ['DEBUG', 'DEBUG'],
  ['WARN', 'WARN'],
  ['ERROR', 'ERROR'],
  ['WARNING', 'WARN'],
  ['TRACE', 'TRACE'],
  ['FATAL', 'FATAL'],
  ['CRITICAL', 'FATAL'],
];

/**
 * The level the capitals of `text` from `at` to `end` spell, read in place: a runtime's
 * line need not have its level word cut out (a string a line), and a word is compared a
 * character at a time rather than hashed for a map.
 */
export function levelIn(text: string, at: number, end: number): LogLevel | null {
  const length = end - at;
  for (const [word, level] of CAPITAL_LEVELS) {
    if (word.length === length && spells(text, at, word)) return level;
  }
  return null;
}

/** Whether `text` at `at` holds `word`. */
function spells(text: string, at: number, word: string): boolean {
  for (let i = 0; i < word.length; i++) if (text.charCodeAt(at + i) !== word.charCodeAt(i)) return false;
  return true;
}

function levelOf(word: string): LogLevel | null {
  return levelIn(word, 0, word.length);
}

/** Normalises the level spellings of the runtimes and logging libraries. */
export function normaliseLevel(value: unknown): LogLevel | null {
  if (typeof value !== 'string') return null;
  // Most levels are written in capitals already: look them up before upper-casing a copy.
  return levelOf(value) ?? levelOf(value.toUpperCase());
}

// A request ID is a UUID; AWS documentation redacts parts of it with letters ('xmpl'). A
// longer token is none: its first 36 characters would name a request found nowhere else
// (START and REPORT take the whole token), and the line would open an invocation of its own.
const ID = '[0-9a-z]{8}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{12}(?![0-9A-Za-z-])';
const TIME =
  '\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}:\\d{2}(?:[.,]\\d+)?(?:Z|[+-]\\d{2}:?\\d{2})?(?: \\([+-]\\d{2}:\\d{2}\\))?';
/** Node, Java, Go, .NET and `serverless logs`: `<time>\t<requestId>\t<LEVEL>\t<message>`. */
const TIME_ID = new RegExp(`^(${TIME})[\\t ]+(${ID})(?:[\\t ]+([A-Z]{4,8})(?=[\\t ]|$))?`);
/**
 * The exact shape the Node, Java and .NET runtimes write: `<time>Z\t<requestId>\t<LEVEL>`,
 * the time with milliseconds. Tested without captures (no match array, no cut-out parts):
 * where it holds, the parts sit at fixed places, and TIME_ID would read the same parts.
 */
const USUAL_TIME_ID = new RegExp(
  `^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\\t${ID}\\t[A-Z]{4,8}(?=[\\t ]|$)`,
);
const USUAL_TIME_END = 24;
const USUAL_ID_END = 61;
const USUAL_LEVEL_AT = 62;
/** Python: `[LEVEL]\t<time>\t<requestId>\t<message>`. */
const LEVEL_TIME_ID = new RegExp(`^\\[([A-Z]{4,8})\\][\\t ]+(${TIME})[\\t ]+(${ID})?`);
/** Runtime error records: `RequestId: <id> Error: Runtime exited …`. */
const REQUEST_ID_LABEL = new RegExp(`^RequestId:\\s*(${ID_TOKEN})`);

// Global, so that a search can start past a line's time and request-ID prefix.
const SIGNAL =
  /Task timed out after|out of memory|OutOfMemory|MemoryError|Runtime exited|Runtime\.ExitError|Process exited before completing|exit status \d|Invoke Error|Unhandled exception|Runtime\.Unhandled|Traceback \(most recent call last\)/g;
/**
 * A word every phrase of SIGNAL holds (`emory` of the memory ones, `xit` of the exits,
 * …): a message without one holds no phrase, and is passed over by this short alternation
 * rather than by SIGNAL's twelve, which try a phrase at nearly every letter. Nearly every
 * message is such a one.
 */
const SIGNAL_WORD = /emory|xit|nvoke|nhandled|Task|Traceback/g;

/** Whether `text` from `from` holds a word that every phrase of SIGNAL holds. */
function mayHoldSignal(text: string, from: number): boolean {
  SIGNAL_WORD.lastIndex = from;
  return SIGNAL_WORD.test(text);
}
/** Python's unhandled error: `[ERROR] KeyError: 'id'` then its traceback, in one event. */
const PYTHON_ERROR = /^\[ERROR\]\s+([A-Za-z_][\w.]*):/;

/** The failure a runtime message reports, and Lambda's error type when the message names it. */
export function failureSignal(
  text: string,
  from = 0,
): { signal: FailureSignal; errorType: string | null } | null {
  if (!mayHoldSignal(text, from)) return null;
  return failureSignalOf(text, from);
}

/** `failureSignal` without the screen by SIGNAL_WORD: what the screen must always agree with. */
export function failureSignalOf(
  text: string,
  from = 0,
): { signal: FailureSignal; errorType: string | null } | null {
  SIGNAL.lastIndex = from;
  const m = SIGNAL.exec(text);
  if (!m) return null;
  const hit = m[0];
  if (hit === 'Task timed out after') return { signal: 'timeout', errorType: null };
  if (hit === 'out of memory' || hit === 'OutOfMemory' || hit === 'MemoryError') {
    return { signal: 'oom', errorType: null };
  }
  if (hit === 'Invoke Error' || hit === 'Unhandled exception' || hit === 'Runtime.Unhandled') {
    const type = /"errorType"\s*:\s*"([^"]+)"/.exec(text);
    const runtimeType = /Runtime\.Unhandled\w*/.exec(text);
    return { signal: 'error', errorType: type ? (type[1] as string) : runtimeType ? runtimeType[0] : null };
  }
  if (hit.startsWith('Traceback')) {
    const type = PYTHON_ERROR.exec(text);
    return type ? { signal: 'error', errorType: type[1] as string } : null;
  }
  // A runtime that exited (killed by the platform, or by its own exit) is what Lambda calls
  // Runtime.ExitError; REPORT's memory figures decide later whether it was memory.
  const exited = hit !== 'Process exited before completing' || text.includes('Runtime.ExitError');
  return { signal: 'crash', errorType: exited ? 'Runtime.ExitError' : null };
}

/** Epoch ms of a time written in a line, or undefined when it does not parse. */
export function parseTime(text: string): number | undefined {
  // `2019-10-29 21:03:04.153 (+00:00)` (serverless) writes its zone in brackets.
  const ms = parseIso(text.endsWith(')') ? text.replace(/ \(([+-]\d{2}:\d{2})\)$/, '$1') : text);
  return Number.isFinite(ms) ? ms : undefined;
}

function isCapital(c: number): boolean {
  return c >= 65 && c <= 90;
}

/** Parses a non-JSON line that is not a platform line. Never fails. */
export function parseAppText(text: string): AppLine {
  let requestId: string | null = null;
  let level: LogLevel | null = null;
  let time: string | undefined;
  let prefix = 0;
  const first = text.charCodeAt(0);
  if (first >= 48 && first <= 57) {
    if (USUAL_TIME_ID.test(text)) {
      // The level runs to the first character past its four that is not a capital.
      let levelEnd = USUAL_LEVEL_AT + 4;
      while (levelEnd < text.length && isCapital(text.charCodeAt(levelEnd))) levelEnd++;
      prefix = levelEnd;
      time = text.slice(0, USUAL_TIME_END);
      requestId = text.slice(USUAL_TIME_END + 1, USUAL_ID_END);
      // USUAL_TIME_ID's level is capitals, which `normaliseLevel` looks up as they are.
      level = levelIn(text, USUAL_LEVEL_AT, levelEnd);
    } else {
      const m = TIME_ID.exec(text);
      if (m) {
        prefix = m[0].length;
        time = m[1];
        requestId = m[2] as string;
        level = m[3] ? normaliseLevel(m[3]) : null;
      }
    }
  } else if (first === 91 /* [ */) {
    const m = LEVEL_TIME_ID.exec(text);
    if (m) {
      level = normaliseLevel(m[1]);
      time = m[2];
      requestId = m[3] ?? null;
    }
  } else if (first === 82 /* R */) {
    const m = REQUEST_ID_LABEL.exec(text);
    if (m) requestId = m[1] as string;
  }
  // Only the message after a runtime's time and request-ID prefix can say how it failed.
  const failure = failureSignal(text, prefix);
  return {
    kind: 'app',
    requestId,
    level,
    time,
    traceId: null,
    coldStart: null,
    signal: failure?.signal ?? null,
    errorType: failure?.errorType ?? null,
  };
}
