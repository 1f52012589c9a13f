/**
 * The closing note of `--traces-file` says why invocations whose logs name no trace ID got
 * none of the file's traces that name their request: more than one does. Counted per
 * invocation, with the first as the example, and taken back when a late REPORT names the
 * trace after all (tail's rebuilt row). Traces are the saved BatchGetTraces fixture, copied
 * under other trace IDs and for other requests.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { unmatchedNote } from '../../cli/output/trace-file-notes.ts';
import { emptyInvocation } from '../../collectors/model.ts';
import { TraceFileMatches, tracesFromBatchGetTraces } from '../../collectors/xray/trace-file.ts';
import type { Trace } from '../../collectors/xray/types.ts';

const TRACES = fileURLToPath(new URL('../fixtures/tail/batch-get-traces.json', import.meta.url));
const REQUEST = 'ac086670-6373-11e7-a174-f31b3397f190';
const TRACE_ID = '1-59602603-23fc5b688855d396af79b496';
const OTHER = 'bd197781-7484-11e7-a174-f31b3397f190';

/** The fixture's trace under trace ID `n`, naming `request` in its Lambda segment. */
function copy(n: number, request: string): Trace {
  const text = readFileSync(TRACES, 'utf8')
    .replaceAll(TRACE_ID, `1-59602603-23fc5b688855d396af79${String(n).padStart(4, '0')}`)
    .replaceAll(REQUEST, request);
  const [trace] = tracesFromBatchGetTraces(JSON.parse(text));
  if (!trace) throw new Error('fixture has a trace');
  return trace;
}

const untraced = (requestId: string) => emptyInvocation(requestId);
const HOW =
  "traces are matched by the trace ID in an invocation's logs, or by the request ID in the trace's Lambda segment";

describe('--traces-file: invocations whose request several traces name', () => {
  it('are counted, the first named, in the note that no trace matched', () => {
    const m = new TraceFileMatches([
      copy(1, REQUEST),
      copy(2, REQUEST),
      copy(3, OTHER),
      copy(4, OTHER),
      copy(5, OTHER),
    ]);
    m.note(untraced(REQUEST));
    expect(unmatchedNote('t.json', m)).toBe(
      `warning: none of the 5 traces in t.json matched an invocation (${HOW}: none of the 1 invocation read names a trace ID; 2 traces in the file name request ${REQUEST}: none joined)`,
    );
    m.note(untraced(OTHER));
    expect(unmatchedNote('t.json', m)).toBe(
      `warning: none of the 5 traces in t.json matched an invocation (${HOW}: none of the 2 invocations read names a trace ID; the requests of 2 invocations are each named by more than one trace in the file (request ${REQUEST} by 2): none joined)`,
    );
  });

  it('are taken back when a late REPORT names the trace', () => {
    const m = new TraceFileMatches([copy(1, REQUEST), copy(2, REQUEST), copy(3, OTHER), copy(4, OTHER)]);
    m.note(untraced(REQUEST));
    m.note(untraced(OTHER));
    const named = untraced(REQUEST);
    named.traceId = '1-59602603-23fc5b688855d396af799999';
    m.note(named, true);
    expect(m.rivalled).toBe(1);
    expect(unmatchedNote('t.json', m)).toBe(
      `warning: none of the 4 traces in t.json matched an invocation (${HOW}: of the 2 invocations read, 1 names a trace ID, none of them in the file; the request of 1 invocation is named by more than one trace in the file: none joined)`,
    );
  });
});
