/**
 * The AWS CLI's text outputs read by the real CLI: `--output text` (or `output = text` in its
 * config) and `aws logs tail --format json`. Each form is written from the example month's
 * `filter-log-events` JSON the way the AWS CLI prints it (`--output text`: fields in key
 * order, tab-separated, each message as it is, its closing line break included), and must
 * give what the JSON gives.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import {
  type CwEvent,
  EXAMPLE_LOGS,
  exampleEvents,
  invocationShapes,
  JSON_FUNCTIONS,
  writeCopies,
  writeText,
} from '../support/example-copies.ts';

const fromJson = runCli(
  ['logs', ...JSON_FUNCTIONS.map((fn) => join(EXAMPLE_LOGS, `${fn}.json`)), '-o', 'ndjson'],
  {},
);

describe('the AWS CLI text output', () => {
  it('the JSON is the baseline: both functions, every invocation', () => {
    expect(fromJson.code).toBe(0);
    expect(fromJson.stdout.trim().split('\n')).toHaveLength(745 + 619);
  });

  it('filter-log-events --output text: the same invocations byte for byte, streams and event IDs included', () => {
    const files = writeCopies('filter', (list) =>
      [
        ...list.map((e) =>
          ['EVENTS', e.eventId, e.ingestionTime, e.logStreamName, e.message, e.timestamp].join('\t'),
        ),
        'SEARCHEDLOGSTREAMS\t2026/10/01/[$LATEST]0bb14ce82bac57d2128266e14268a0b4\tTrue',
        '',
      ].join('\n'),
    );
    const r = runCli(['logs', ...files, '-o', 'ndjson'], {});
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(fromJson.stdout);
    expect(r.stderr).toBe(fromJson.stderr);
  });

  it('get-log-events --output text (tokens row, no stream or event ID): the same invocations', () => {
    const files = writeCopies('get', (list) =>
      [
        'b/39000000000000000000000000000000000000000000000000000000\tf/39000000000000000000000000000000000000000000000000000001',
        ...list.map((e) => ['EVENTS', e.ingestionTime, e.message, e.timestamp].join('\t')),
        '',
      ].join('\n'),
    );
    const r = runCli(['logs', ...files, '-o', 'ndjson'], {});
    expect(r.code).toBe(0);
    expect(invocationShapes(r.stdout, { stream: true })).toEqual(
      invocationShapes(fromJson.stdout, { stream: true }),
    );
  });

  it("--query 'events[].[timestamp,message]' --output text: the same invocations", () => {
    const files = writeCopies('query', (list) => list.map((e) => `${e.timestamp}\t${e.message}`).join('\n'));
    const r = runCli(['logs', ...files, '-o', 'ndjson'], {});
    expect(r.code).toBe(0);
    expect(invocationShapes(r.stdout, { stream: true })).toEqual(
      invocationShapes(fromJson.stdout, { stream: true }),
    );
  });

  it('aws logs tail --format json (JSON messages pretty-printed under their prefix): the same invocations', () => {
    // As the AWS CLI writes it: `<isoformat time> <stream> <message>`, a JSON message as a
    // line break and the JSON indented by 4; a terminal copy drops the space the prefix ends in.
    const tailJson = (keepSpace: boolean) => (list: CwEvent[]) =>
      list
        .map((e) => {
          const time = new Date(e.timestamp).toISOString().replace('Z', '');
          const iso = `${time.endsWith('.000') ? time.slice(0, -4) : `${time}000`}+00:00`;
          let message = e.message;
          try {
            message = `\n${JSON.stringify(JSON.parse(e.message), null, 4)}`;
          } catch {}
          const line = `${iso} ${e.logStreamName} ${message}`.trimEnd();
          return keepSpace ? line : line.replace(/ \n/g, '\n');
        })
        .join('\n');
    for (const keepSpace of [true, false]) {
      const files = writeCopies(keepSpace ? 'tail-json' : 'tail-json-copied', tailJson(keepSpace));
      const r = runCli(['logs', ...files, '-o', 'ndjson'], {});
      expect(r.code).toBe(0);
      const printed = r.stdout.trim().split('\n');
      expect(printed).toHaveLength(745 + 619);
      // The same invocations, streams and times; a JSON message keeps the CLI's indentation.
      const shape = (line: string) => {
        const inv = JSON.parse(line) as Record<string, unknown> & { lines: Record<string, unknown>[] };
        inv.lines = inv.lines.map((l) => {
          const message = l.message as string;
          return {
            ...l,
            eventId: undefined,
            // The CLI strips the white space that ends an event (a REPORT line's closing tab).
            message: message.startsWith('{') ? JSON.stringify(JSON.parse(message)) : message.trimEnd(),
          };
        });
        return JSON.stringify(inv);
      };
      expect(printed.map(shape).sort()).toEqual(fromJson.stdout.trim().split('\n').map(shape).sort());
    }
  });

  it('a row cut short keeps its text as a line: nothing read is dropped', () => {
    const [first] = exampleEvents('orders-api');
    const path = writeText(
      'orders-api.txt',
      `EVENTS\t${first?.eventId}\t1\t${first?.logStreamName}\t${first?.message}\t${first?.timestamp}\nEVENTS\tcut here\n`,
    );
    const r = runCli(['logs', path, '-o', 'text'], {});
    expect(r.stdout).toContain('cut here');
    expect(r.stdout).toContain(first?.message.trim());
  });
});
