/**
 * Exit codes of the real CLI, one kind of ending each: usage and configuration errors exit
 * 2 with a one-line hint (never the whole help), failures 1, a result built from nothing 1,
 * an asked-for stop 0 with what was read still printed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FAKE_AWS, runCli, runCliAsync } from '../support/cli.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const FILE = join(root, 'test', 'fixtures', 'tail', 'invocations.ndjson');
const dir = mkdtempSync(join(tmpdir(), 'lambdalens-exit-'));

/**
 * The real CLI with stdout and stderr on one pipe into `reader` (`lambdalens … 2>&1 | head -1`),
 * in a real shell: the CLI's exit code and what the reader printed.
 */
function throughReader(args: string[], reader: string): { code: number; read: string } {
  const run = spawnSync(
    '/bin/bash',
    [
      '-c',
      `"$@" 2>&1 | ${reader}; exit "\${PIPESTATUS[0]}"`,
      'lambdalens',
      process.execPath,
      join(root, 'bin', 'lambdalens.mjs'),
      ...args,
    ],
    { encoding: 'utf8', timeout: 60_000, env: { PATH: process.env.PATH, HOME: '/nonexistent' } },
  );
  return { code: run.status ?? -1, read: run.stdout };
}

/**
 * The real CLI with only stdout piped into `reader` (`lambdalens … | head -c 10`), stderr
 * kept apart: the CLI's exit code, what the reader printed and what the CLI said on stderr.
 */
function stdoutThroughReader(args: string[], reader: string): { code: number; read: string; stderr: string } {
  const errFile = join(mkdtempSync(join(dir, 'stderr-')), 'stderr');
  const run = spawnSync(
    '/bin/bash',
    [
      '-c',
      `"$@" 2>"$ERR_FILE" | ${reader}; exit "\${PIPESTATUS[0]}"`,
      'lambdalens',
      process.execPath,
      join(root, 'bin', 'lambdalens.mjs'),
      ...args,
    ],
    {
      encoding: 'utf8',
      timeout: 60_000,
      env: { PATH: process.env.PATH, HOME: '/nonexistent', ERR_FILE: errFile },
    },
  );
  return { code: run.status ?? -1, read: run.stdout, stderr: readFileSync(errFile, 'utf8') };
}

describe('exit codes', () => {
  it('usage errors exit 2 with the message and a hint naming the command help', () => {
    for (const [args, message] of [
      [['logs', '--bogus', FILE], "lambdalens: unknown option '--bogus'"],
      [['cost', FILE, '-o', 'xml'], "lambdalens: option '-o, --output <format>' argument 'xml' is invalid."],
      [
        ['logs', '--function', 'f', '--since', 'yesterday-ish'],
        'lambdalens: --since: cannot read "yesterday-ish"',
      ],
      [
        ['logs', FILE, '--follow'],
        'lambdalens: --follow reads CloudWatch Logs: add --function or --log-group',
      ],
      [['logs'], 'lambdalens: nothing to read: give log files (or - for stdin), or --function <name>'],
      // Flags that do not apply to the input are still checked, or refused, never ignored.
      [['logs', FILE, '--rate', '-1'], "lambdalens: option '--rate <n>' argument '-1' is invalid."],
      [
        ['logs', FILE, '--look-back', '5x'],
        "lambdalens: option '--look-back <duration>' argument '5x' is invalid.",
      ],
      [
        ['cost', FILE, '--es-index', 'x'],
        'lambdalens: --es-index reads Elasticsearch: add --source elasticsearch',
      ],
      [
        ['ship', FILE, '--to', '-', '--append'],
        'lambdalens: --append is for NDJSON files: standard output has nothing to add to',
      ],
    ] as const) {
      const r = runCli([...args], {});
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toBe(
        `${message}${r.stderr.slice(message.length).split('\n')[0]}\nhint: see 'lambdalens ${args[0]} --help'\n`,
      );
      expect(r.stderr).not.toContain('Usage:');
    }
  });

  it('a --since or --until past the times a date can hold exits 2 at once, in every command that reads a window', () => {
    const BEYOND = 'epoch milliseconds go from -8640000000000000 to 8640000000000000';
    for (const [args, message] of [
      // Read as a date, it threw a RangeError (exit 1, "Invalid time value").
      [
        ['logs', '--function', 'f', '--since', '99999999999999999'],
        `lambdalens: --since: "99999999999999999" is no time a date can hold (${BEYOND})`,
      ],
      // As the end of a history read, it read for ever.
      [
        ['logs', '--function', 'f', '--since', '1h', '--until', '99999999999999999'],
        `lambdalens: --until: "99999999999999999" is no time a date can hold (${BEYOND})`,
      ],
      [
        ['tail', '--function', 'f', '--since', '99999999999999999999d', '--until', '1h'],
        `lambdalens: --since: "99999999999999999999d" is no time a date can hold (${BEYOND})`,
      ],
      [
        ['ship', '--function', 'f', '--until', '99999999999999999', '--to', '-'],
        `lambdalens: --until: "99999999999999999" is no time a date can hold (${BEYOND})`,
      ],
    ] as const) {
      // Nothing is asked of AWS: the value is refused before any client exists.
      const r = runCli(
        [...args],
        { ...FAKE_AWS, AWS_ENDPOINT_URL: 'http://127.0.0.1:9' },
        { timeoutMs: 15_000 },
      );
      expect([args.join(' '), r.code, r.stdout]).toEqual([args.join(' '), 2, '']);
      expect(r.stderr).toBe(`${message}\nhint: see 'lambdalens ${args[0]} --help'\n`);
    }
  });

  it('configuration errors exit 2', () => {
    const badConfig = join(dir, 'functions.json');
    writeFileSync(badConfig, '{ not json');
    const config = runCli(['cost', FILE, '--config', badConfig], {});
    expect(config.code).toBe(2);
    expect(config.stderr).toContain(badConfig);
    const endpoint = runCli(['functions', '--all', '--endpoint-url', 'ftp://example'], {
      AWS_REGION: 'us-east-1',
    });
    expect(endpoint.code).toBe(2);
    expect(endpoint.stderr).toContain('--endpoint-url: "ftp://example" is not an http(s) URL');
    // Turning document IDs off is for Serverless time-series collections only.
    const series = runCli(
      ['ship', FILE, '--to', 'http://127.0.0.1:9', '--collection-type', 'timeseries'],
      {},
    );
    expect(series.code).toBe(2);
    expect(series.stderr).toBe(
      'lambdalens: the time-series collection type is for Amazon OpenSearch Serverless (an *.aoss.amazonaws.com endpoint, or --aws-sigv4 aoss), and http://127.0.0.1:9 is not one: without document IDs every run would store its documents again\n',
    );
    // A period's mistake names the part at fault and gives the forms a period takes.
    const day = runCli(['cost', FILE, '--from', '2026-10-01', '--to', '2026-09-31'], {});
    expect(day.code).toBe(2);
    expect(day.stderr.split('\n')[0]).toBe('lambdalens: --to "2026-09-31" is not a day written YYYY-MM-DD');
    const month = runCli(['cost', FILE, '--month', '2026-13'], {});
    expect(month.code).toBe(2);
    expect(month.stderr).toBe(
      'lambdalens: --month "2026-13": there is no month 13\nhint: a month is --month 2026-10; a range is --from 2026-10-01 --to 2026-10-15 (both days included, UTC)\n',
    );
  });

  it('an index prefix no index can have exits 2 before any connection, in every command that takes it', async () => {
    // A cluster that counts what it is asked: nothing, when the flag is refused as it is read.
    let requests = 0;
    const server = createServer((_req, res) => {
      requests++;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    }).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      // Each refusal says the whole rule, its length limit included, and which part was broken.
      const rule = "1 to 101 lowercase letters, digits, '-', '_' or '.', not starting with a symbol";
      const tooLong = `ll-${'a'.repeat(99)}`;
      for (const args of [
        ['ship', FILE, '--to', url],
        ['es', 'setup', '--es-url', url],
        ['cost', '--source', 'elasticsearch', '--es-url', url],
      ]) {
        for (const [prefix, fault] of [
          ['Bad Prefix', '"B" is upper case'],
          ['-logs', 'it starts with "-"'],
          [tooLong, 'it has 102 characters'],
        ] as const) {
          const r = await runCliAsync([...args, '--index-prefix', prefix], {});
          expect(r.code, args.join(' ')).toBe(2);
          expect(r.stderr).toBe(
            `lambdalens: option '--index-prefix <prefix>' argument '${prefix}' is invalid. an index prefix must be ${rule}: ${fault}\n` +
              `hint: see 'lambdalens ${args[0] === 'es' ? 'es setup' : args[0]} --help'\n`,
          );
        }
      }
      expect(requests).toBe(0);
    } finally {
      server.close();
    }
  });

  it('an index or pattern with an upper-case letter, which names no index, exits 2 before any connection', async () => {
    // Read from the cluster, `Upper-*` matched nothing: the report said only that it held no invocations.
    let requests = 0;
    const server = createServer((_req, res) => {
      requests++;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    }).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      for (const [flag, value, upper] of [
        ['--es-index', 'Upper-*', 'U'],
        ['--es-logs-index', 'lambdalens-Logs*', 'L'],
        ['--es-index', 'lambdalens-invocations-É*', 'É'],
      ] as const) {
        const r = await runCliAsync(['cost', '--source', 'elasticsearch', '--es-url', url, flag, value], {});
        expect([flag, r.code, r.stdout, r.stderr]).toEqual([
          flag,
          2,
          '',
          `lambdalens: option '${flag} <index>' argument '${value}' is invalid. index names are lower case: "${upper}" is upper case\n` +
            "hint: see 'lambdalens cost --help'\n",
        ]);
      }
      expect(requests).toBe(0);
    } finally {
      server.close();
    }
  });

  it('failures exit 1', () => {
    const missing = runCli(['logs', join(dir, 'no-such-file.log')], {});
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no-such-file.log: no such file');
  });

  it('an unreachable endpoint fails within seconds, naming --endpoint-url that set it', () => {
    const started = Date.now();
    const r = runCli(['functions', '--all', '--endpoint-url', 'http://127.0.0.1:1'], {
      ...FAKE_AWS,
      // The SDK's Node support notice, shortened to one line, shows on Node before 22: once
      // a day, so in a cache of this run's own.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: '',
      LAMBDALENS_CACHE_DIR: mkdtempSync(join(tmpdir(), 'lambdalens-cache-')),
    });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(r.code).toBe(1);
    const lines = r.stderr.trimEnd().split('\n');
    const notice = Number(process.versions.node.split('.')[0]) < 22 ? 1 : 0;
    expect(lines.filter((l) => l.includes('AWS SDK supports Node'))).toHaveLength(notice);
    expect(lines.slice(notice)).toEqual([
      'lambdalens: cannot reach the AWS endpoint for lambda:ListFunctions: connect ECONNREFUSED 127.0.0.1:1',
      'hint: the endpoint was set by --endpoint-url: check it, and the network',
    ]);
  });

  it("the AWS SDK's Node support note is said once a day, not on every run", () => {
    const cache = mkdtempSync(join(tmpdir(), 'lambdalens-cache-'));
    const env = { ...FAKE_AWS, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: '', XDG_CACHE_HOME: cache };
    const args = ['functions', '--all', '--endpoint-url', 'http://127.0.0.1:1'];
    const noted = (stderr: string) => stderr.split('\n').filter((l) => l.includes('AWS SDK supports Node'));
    const major = process.versions.node.split('.')[0];
    // The SDK warns only on Node before 22: there the first run says it, the next does not.
    const first = runCli(args, env);
    expect(noted(first.stderr)).toEqual(
      Number(major) < 22
        ? [
            `lambdalens: note: the AWS SDK supports Node ${major} only until January 2027; use Node 22 or later (said once a day; AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true hides it)`,
          ]
        : [],
    );
    const second = runCli(args, env);
    expect(noted(second.stderr)).toEqual([]);
    expect(second.code).toBe(1);
    // A day later it is said again.
    if (Number(major) < 22) {
      const marker = join(cache, 'lambdalens', 'node-support-note');
      const dayAgo = new Date(Date.now() - 25 * 60 * 60 * 1000);
      utimesSync(marker, dayAgo, dayAgo);
      expect(noted(runCli(args, env).stderr)).toHaveLength(1);
    }
  });

  it('an input that cannot be read beside others: the rest is printed, shipped or priced, then exit 1', () => {
    const good = join(root, 'examples/data/logs/image-resizer.log');
    const missing = join(dir, 'not-there.log');
    const closing =
      'lambdalens: 1 of the 2 inputs could not be read whole (named above): the output lacks what it holds\n';
    const logs = runCli(['logs', good, missing, '--output', 'ndjson'], {});
    expect(logs.code).toBe(1);
    expect(logs.stdout.trim().split('\n')).toHaveLength(217);
    expect(logs.stderr).toContain(`lambdalens: ${missing}: no such file\n`);
    expect(logs.stderr).toContain(
      `${closing}hint: fix or leave out the input named above and run the same command again\n`,
    );
    const costArgs = ['--arch', 'x86_64', '--region', 'eu-west-1', '-o', 'json'];
    const cost = runCli(['cost', good, missing, ...costArgs], {});
    expect(cost.code).toBe(1);
    // The report of what was read, as a run given the good input alone makes it.
    const alone = runCli(['cost', good, ...costArgs], {});
    expect(alone.code).toBe(0);
    expect(JSON.parse(cost.stdout).totals).toEqual(JSON.parse(alone.stdout).totals);
    expect(cost.stderr).toContain(closing);
    const ship = runCli(['ship', good, missing, '--to', '-'], {});
    expect(ship.code).toBe(1);
    expect(ship.stdout.trim().split('\n')).toHaveLength(2066);
    expect(ship.stderr).toContain(
      `${closing}hint: fix or leave out the input named above and run the same command again: documents already written are not written twice\n`,
    );
  });

  it('a run that read nothing exits 1: an empty folder, text with no Lambda log in it', () => {
    const empty = mkdtempSync(join(dir, 'empty-'));
    const none = runCli(['logs', empty], {});
    expect(none.code).toBe(1);
    expect(none.stderr.split('\n')[0]).toBe(`lambdalens: no log files in ${empty}`);
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'hello\nworld\n');
    const plain = runCli(['logs', text, '-o', 'ndjson'], {});
    expect(plain.code).toBe(1);
    expect(plain.stdout).toBe('');
    expect(plain.stderr).toContain(
      `no Lambda invocations in ${text}: 2 lines read, none from a Lambda function's log`,
    );
  });

  it('a reader that leaves early (| head) does not change the exit code the error deserves', () => {
    // `head -c 0` has left before the CLI says anything: the error's own message finds the
    // pipe closed.
    for (const args of [
      ['cost', '--month', '2026-13', join(root, 'examples/data/logs')],
      ['logs', FILE, '--since', 'yesterday-ish'],
      ['ship', FILE, '--to', '-', '--append'],
    ]) {
      expect(throughReader(args, 'head -c 0').code, args.join(' ')).toBe(2);
    }
    expect(throughReader(['logs', join(dir, 'not-there.log')], 'head -c 0').code).toBe(1);
    // The report is read up to its headline; the configuration it lacks still makes it exit 2.
    const cost = throughReader(['cost', join(root, 'examples/data/logs')], 'head -1');
    expect(cost.read).toBe(
      'Lambda cost 2026-10-01..2026-10-27: $0.000814 — 0 of 2,163 invocations priced (2,163 not priced: see below)\n',
    );
    expect(cost.code).toBe(2);
  });

  it.skipIf(!existsSync('/dev/full'))(
    'output that cannot be written (a full disk) fails: exit 1 and one line saying so, no stack',
    () => {
      const logs = join(root, 'examples/data/logs');
      for (const args of [
        ['logs', logs],
        ['logs', logs, '--output', 'ndjson'],
        ['cost', logs, '--arch', 'x86_64', '--region', 'us-east-1', '-o', 'json'],
        ['ship', logs, '--to', '-'],
      ]) {
        const full = openSync('/dev/full', 'w');
        const r = spawnSync(process.execPath, [join(root, 'bin', 'lambdalens.mjs'), ...args], {
          stdio: ['ignore', full, 'pipe'],
          encoding: 'utf8',
          env: { PATH: process.env.PATH, HOME: '/nonexistent' },
          timeout: 60_000,
        });
        closeSync(full);
        expect(r.status, args.join(' ')).toBe(1);
        expect(r.stderr.trimEnd().split('\n').at(-1), args.join(' ')).toBe(
          'lambdalens: writing the output failed: ENOSPC: no space left on device, write',
        );
        expect(r.stderr, args.join(' ')).not.toMatch(/^\s+at /m);
      }
    },
  );

  it('a reader that leaves mid-run after an input failed: that failure, already said, still exits 1', () => {
    const logs = join(root, 'examples/data/logs');
    const missing = join(dir, 'gone-first.log');
    for (const args of [
      ['logs', missing, logs],
      ['logs', missing, logs, '--output', 'ndjson', '--workers', '1'],
      ['cost', missing, logs, '--arch', 'x86_64', '--region', 'eu-west-1', '-o', 'json'],
      ['ship', missing, logs, '--to', '-'],
    ]) {
      const r = stdoutThroughReader(args, 'head -c 10');
      expect(r.read, args.join(' ')).toHaveLength(10);
      // Said when it was found, before the reader left, and only once; logs and ship then end
      // at once, cost (whose report is one write at the end) says its closing words first.
      const said = `lambdalens: ${missing}: no such file\n`;
      if (args[0] === 'cost') {
        expect(r.stderr.startsWith(said), r.stderr).toBe(true);
        expect(r.stderr.split(said)).toHaveLength(2);
      } else expect(r.stderr, args.join(' ')).toBe(said);
      expect(r.code, args.join(' ')).toBe(1);
    }
    // With nothing failed, the reader leaving is an asked-for stop.
    const whole = stdoutThroughReader(['logs', logs], 'head -c 10');
    expect(whole.stderr).toBe('');
    expect(whole.code).toBe(0);
  });

  it('Ctrl-C is an asked-for stop: exit 0, and what was read is printed', async () => {
    const child = spawn(
      process.execPath,
      [join(root, 'bin', 'lambdalens.mjs'), 'logs', '-', '-o', 'ndjson'],
      {
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    const { readFileSync } = await import('node:fs');
    child.stdin.write(readFileSync(FILE));
    // stdin stays open: the run ends only because it is asked to.
    await new Promise((r) => setTimeout(r, 1500));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    expect(out.trim().split('\n')).toHaveLength(8);
  });
});
