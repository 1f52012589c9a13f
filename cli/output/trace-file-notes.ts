/**
 * What `--traces-file` says of its file on stderr, the same for `logs` and `tail`: the
 * entries it could not use, when it is read, and, when the run is done, that none of its
 * traces found an invocation. Each invocation's own line says only that the file has no
 * trace for it; a file of another day or another function would otherwise look like
 * traces that X-Ray never kept, one invocation at a time. Stdout is left as it is.
 */
import { readTraceFile, TraceFileMatches } from '../../collectors/xray/trace-file.ts';
import type { TraceChoice } from '../flags/traces.ts';
import { sayQuoting } from './say-line.ts';

/** A traces file read, what it held said, and a tally of the invocations that find its traces. */
export interface TraceFileRun {
  matches: TraceFileMatches;
  /** Says that none of the file's traces found an invocation, if so; once the run is done. */
  end(): void;
}

/**
 * Reads the file `--traces-file` named (a usage error when it is no BatchGetTraces output)
 * and says which entries it skipped.
 */
export async function readTraceFileSaying(
  file: NonNullable<TraceChoice['file']>,
  err: NodeJS.WritableStream = process.stderr,
): Promise<TraceFileRun> {
  const contents = await readTraceFile(file.path, file.flag);
  const { entries, skipped, skippedCount } = contents;
  if (skippedCount > 0) {
    const places = skipped.map((i) => `Traces[${i}]`).join(', ');
    const more = skippedCount > skipped.length ? ` and ${skippedCount - skipped.length} more` : '';
    sayQuoting(
      `warning: ${file.path}: ${skippedCount} of ${entries} entries skipped (no Id or Segments); see ${places}${more}`,
      err,
    );
  } else if (entries === 0) {
    sayQuoting(`warning: ${file.path}: its Traces list is empty; no invocation gets a trace from it`, err);
  }
  const matches = new TraceFileMatches(contents.traces);
  return {
    matches,
    end() {
      const line = unmatchedNote(file.path, matches);
      if (line !== null) sayQuoting(line, err);
    },
  };
}

/** The words for a file none of whose traces found an invocation, or null when one did (or none could). */
export function unmatchedNote(path: string, m: TraceFileMatches): string | null {
  if (m.traces.length === 0 || m.invocations === 0 || m.matchedTraces > 0) return null;
  // The rule of collectors/xray/trace-of-request.ts, in words.
  const how = "by the trace ID in an invocation's logs, or by the request ID in the trace's Lambda segment";
  const read = counted(m.invocations, 'invocation');
  const found =
    m.traced === 0
      ? `none of the ${read} read names a trace ID`
      : `of the ${read} read, ${m.traced.toLocaleString('en')} name${m.traced === 1 ? 's' : ''} a trace ID, ${
          m.mismatched > 0
            ? `${m.mismatched.toLocaleString('en')} of them in the file but with another request's Lambda segment`
            : 'none of them in the file'
        }`;
  const rivalled = rivalledWords(m);
  const none =
    m.traces.length === 1
      ? `the 1 trace in ${path} matched no invocation`
      : `none of the ${counted(m.traces.length, 'trace')} in ${path} matched an invocation`;
  return `warning: ${none} (traces are matched ${how}: ${found}${rivalled})`;
}

/**
 * Why invocations whose logs name no trace ID got none of the file's traces that name their
 * request: more than one names it, and there is no telling which is its own.
 */
function rivalledWords(m: TraceFileMatches): string {
  if (m.rivalled === 0) return '';
  const first = m.firstRivalled;
  if (m.rivalled === 1 && first)
    return `; ${first.traces.toLocaleString('en')} traces in the file name request ${first.requestId}: none joined`;
  const example = first ? ` (request ${first.requestId} by ${first.traces.toLocaleString('en')})` : '';
  return m.rivalled === 1
    ? `; the request of 1 invocation is named by more than one trace in the file: none joined`
    : `; the requests of ${counted(m.rivalled, 'invocation')} are each named by more than one trace in the file${example}: none joined`;
}

function counted(n: number, noun: string): string {
  return `${n.toLocaleString('en')} ${noun}${n === 1 ? '' : 's'}`;
}
