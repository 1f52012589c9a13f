/**
 * Every help page writes defaults and choices one way: `(default: 4)`, `(default: 60s)`,
 * `(choices: text, ndjson, default: text)`, as the user types the values, never quoted.
 * Commander quotes strings and not numbers, so `--rate (default: "4")` stood beside
 * `--workers (default: 2)`, and the defaults written in words had no quotes at all.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';

const PAGES = [
  ['logs'],
  ['tail'],
  ['ship'],
  ['cost'],
  ['functions'],
  ['es', 'setup'],
  ['dev-cluster', 'start'],
  ['dev-cluster', 'stop'],
  ['dev-cluster', 'status'],
];

/** One line per option, its wrapped description joined back. */
function optionLines(page: string[]): string[] {
  const r = runCli([...page, '--help'], {});
  expect(r.code).toBe(0);
  const options = r.stdout.split('\nOptions:\n')[1] ?? '';
  return options
    .replace(/\n {10,}/g, ' ')
    .split('\n')
    .filter((l) => l.startsWith('  -'))
    .map((l) => l.replace(/\s+/g, ' ').trim());
}

const help = new Map(PAGES.map((p) => [p.join(' '), optionLines(p)]));

describe('defaults in --help', () => {
  it('no page quotes a default or a choice, and every default is written "(default: …)"', () => {
    const quoted: string[] = [];
    const otherForm: string[] = [];
    for (const [page, lines] of help) {
      for (const line of lines) {
        for (const part of line.match(/\((?:choices|default): [^)]*\)/g) ?? [])
          if (part.includes('"')) quoted.push(`${page}: ${part}`);
        if (/\(default [^:]|; default:|\bdefault is\b/.test(line)) otherForm.push(`${page}: ${line}`);
      }
    }
    expect(quoted).toEqual([]);
    expect(otherForm).toEqual([]);
  });

  it('numbers and strings read the same on every page that has the flag', () => {
    const line = (page: string, flag: string) => help.get(page)?.find((l) => l.startsWith(flag));
    for (const page of ['logs', 'tail', 'ship', 'cost', 'functions']) {
      expect(line(page, '--rate ')).toBe('--rate <n> AWS API calls per second for this process (default: 4)');
    }
    for (const page of ['logs', 'ship', 'cost']) {
      expect(line(page, '--workers ')).toBe(
        '--workers <n> threads reading many log files at once, at most two per core; stdin is read by one, and a read from CloudWatch Logs refuses it (default: one per core, at most 8)',
      );
    }
    for (const page of ['logs', 'tail', 'ship']) {
      expect(line(page, '--look-back ')).toBe(
        '--look-back <duration> how late an event may arrive and still be found while following (default: 60s)',
      );
      expect(line(page, '--since ')).toBe(
        '--since <time> start: 15m, 1h, 2d, an ISO time or epoch ms (default: 10m)',
      );
    }
    for (const page of ['ship', 'cost', 'es setup']) {
      expect(line(page, '--index-prefix ')).toBe(
        '--index-prefix <prefix> index name prefix: 1 to 101 lowercase letters, digits, -, _ or ., not starting with a symbol (default: lambdalens)',
      );
    }
    for (const page of ['ship', 'cost', 'es setup']) {
      expect(line(page, '--request-timeout ')).toBe(
        '--request-timeout <seconds> give up on a request to the cluster after this long, and retry it where a retry is safe (default: 30)',
      );
    }
    expect(line('logs', '--max-lines ')).toBe('--max-lines <n> lines kept per invocation (default: 1000)');
    expect(line('logs', '--max-held-mb ')).toBe(
      '--max-held-mb <n> MiB of line text each reading thread holds at once (default: 256)',
    );
    expect(line('logs', '-o, --output ')).toBe(
      '-o, --output <format> output format (choices: text, ndjson, default: text)',
    );
    expect(line('ship', '--index-period ')).toBe(
      '--index-period <period> one index per day or per month: daily or monthly (default: daily)',
    );
    expect(line('dev-cluster start', '--heap ')).toBe(
      '--heap <size> JVM heap, e.g. 512m or 1g (default: 512m)',
    );
    expect(line('dev-cluster start', '--port ')).toBe(
      '--port <port> HTTP port (default: 9200 for elasticsearch, 9201 for opensearch)',
    );
  });

  it('--rate is still checked as it is read', () => {
    const bad = runCli(['logs', '-', '--rate', '0'], {});
    expect(bad.code).toBe(2);
    expect(bad.stderr.split('\n')[0]).toBe(
      `lambdalens: option '--rate <n>' argument '0' is invalid. expected a positive number, got "0"`,
    );
  });
});
