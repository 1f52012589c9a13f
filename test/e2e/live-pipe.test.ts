/**
 * Live means live, watched from outside the process: the real CLI as a child, fed through a
 * pipe it cannot see the end of, a FIFO in a real terminal (tmux), and signals. Bounds are
 * the product's (an invocation within a second of its REPORT) plus room for a loaded
 * machine; what must not happen (output before the REPORT, output only at the end) is
 * asserted exactly. Latency figures themselves come from `npm run bench live`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, writeFileSync } from 'node:fs';
import { appendFile, open } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  asTailCopy,
  invocationEvents,
  type LiveCli,
  ROOT,
  requestIdOf,
  startCli,
} from '../support/live-cli.ts';
import { startSession, type TmuxSession } from './tmux.ts';

/** The product's bound is 1 s from REPORT to screen; a loaded CI machine gets twice that again. */
const BOUND_MS = 3000;
const text = (events: { message: string }[]) => events.map((e) => e.message).join('');
const ndjson = (cli: LiveCli) =>
  cli.stdout.map((l) => JSON.parse(l.text) as { requestId: string; status: string });

/** Resolves once the process has `path` open (Linux: its /proc fd links), so a signal meets a reading run. */
async function hasOpened(run: LiveCli, path: string): Promise<void> {
  const fds = `/proc/${run.child.pid}/fd`;
  const target = realpathSync(path);
  const until = Date.now() + 30_000;
  while (Date.now() < until) {
    const open = readdirSync(fds).some((fd) => {
      try {
        return readlinkSync(join(fds, fd)) === target;
      } catch {
        return false; // closed since the listing
      }
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`the process did not open ${path}`);
}

let cli: LiveCli | null = null;
let tty: TmuxSession | null = null;
afterEach(() => {
  cli?.kill();
  cli = null;
  tty?.kill();
  tty = null;
});

describe('logs - on a pipe that stays open', () => {
  it('prints each invocation within the bound of its REPORT, never before it, and SIGTERM flushes the open one', async () => {
    cli = startCli(['logs', '-', '--function-name', 'live-fn', '-o', 'ndjson']);
    const run = cli;
    // Warm-up: the first invocation also waits for the process to start.
    run.child.stdin.write(text(invocationEvents(requestIdOf(0), Date.now())));
    await run.waitForLine((l) => l.includes(requestIdOf(0)), 30_000);

    for (let k = 1; k <= 3; k++) {
      const id = requestIdOf(k);
      const [start, line, end, report] = invocationEvents(id, Date.now(), `working on ${k}`);
      run.child.stdin.write(text([start!, line!]));
      // Still running: nothing may be printed for it, however long the pipe stays quiet.
      await new Promise((r) => setTimeout(r, 1200));
      expect(run.stdout.some((l) => l.text.includes(id))).toBe(false);
      const reportAt = Date.now();
      run.child.stdin.write(text([end!, report!]));
      const printed = await run.waitForLine((l) => l.includes(id), 10_000);
      expect(printed.at - reportAt).toBeLessThan(BOUND_MS);
      expect(run.running()).toBe(true);
    }

    // An `aws logs tail --follow` copy: its last line is held in case a continuation
    // follows, and let go when the pipe pauses.
    const copyId = requestIdOf(10);
    const copyAt = Date.now();
    run.child.stdin.write(asTailCopy(invocationEvents(copyId, copyAt), '2026/10/01/[$LATEST]abc'));
    const copied = await run.waitForLine((l) => l.includes(copyId), 10_000);
    expect(copied.at - copyAt).toBeLessThan(BOUND_MS);

    // An invocation still running when the stop comes is printed, as incomplete.
    const open = requestIdOf(20);
    run.child.stdin.write(text(invocationEvents(open, Date.now()).slice(0, 2)));
    await new Promise((r) => setTimeout(r, 300));
    run.child.kill('SIGTERM');
    const exit = await run.exited;
    expect(exit.code).toBe(0);
    const printed = ndjson(run);
    expect(printed.map((p) => p.requestId)).toEqual([0, 1, 2, 3, 10, 20].map((n) => requestIdOf(n)));
    expect(printed.map((p) => p.status)).toEqual([
      'success',
      'success',
      'success',
      'success',
      'success',
      'incomplete',
    ]);
    expect(run.stderr.map((l) => l.text).filter((l) => l.includes('invocations ('))).toEqual([
      expect.stringMatching(
        /^lambdalens: 6 invocations \(5 success, 1 incomplete\) from 1 function, 0 cold starts, /,
      ),
    ]);
  }, 90_000);

  it('a named pipe (as `<(aws logs tail …)` gives) is read as it comes, and SIGTERM ends the run at once while its writer holds it open', async () => {
    const fifo = join(mkdtempSync(join(tmpdir(), 'll-fifo-')), 'logs');
    execFileSync('mkfifo', [fifo]);
    cli = startCli(['logs', fifo, '--function-name', 'live-fn', '-o', 'ndjson']);
    const run = cli;
    // Opening for writing waits for the reader; the pipe then stays open past the stop.
    const writer = await open(fifo, 'w');
    try {
      const first = requestIdOf(30);
      await writer.write(text(invocationEvents(first, Date.now())));
      await run.waitForLine((l) => l.includes(first), 10_000);
      const running = requestIdOf(31);
      await writer.write(text(invocationEvents(running, Date.now()).slice(0, 2)));
      await new Promise((r) => setTimeout(r, 300));
      const stoppedAt = Date.now();
      run.child.kill('SIGTERM');
      const exit = await Promise.race([
        run.exited,
        new Promise<null>((r) => setTimeout(() => r(null), 5000)),
      ]);
      expect(exit).not.toBeNull();
      expect(exit?.code).toBe(0);
      expect(exit!.at - stoppedAt).toBeLessThan(5000);
    } finally {
      await writer.close();
    }
    expect(run.stderr.map((l) => l.text).filter((l) => l.includes('invocations ('))).toEqual([
      expect.stringMatching(
        /^lambdalens: 2 invocations \(1 success, 1 incomplete\) from 1 function, 0 cold starts, /,
      ),
    ]);
    expect(ndjson(run).map((p) => [p.requestId, p.status])).toEqual([
      [requestIdOf(30), 'success'],
      [requestIdOf(31), 'incomplete'],
    ]);
  }, 60_000);

  it('a named pipe no writer has opened yet is waited for, and a stop while waiting ends the run at once', async () => {
    const fifo = join(mkdtempSync(join(tmpdir(), 'll-fifo-')), 'logs');
    execFileSync('mkfifo', [fifo]);
    cli = startCli(['logs', fifo, '--function-name', 'live-fn', '-o', 'ndjson']);
    const run = cli;
    await hasOpened(run, fifo);
    // No writer yet is not the end of the pipe.
    await new Promise((r) => setTimeout(r, 500));
    expect(run.running()).toBe(true);
    const stoppedAt = Date.now();
    run.child.kill('SIGTERM');
    const exit = await Promise.race([run.exited, new Promise<null>((r) => setTimeout(() => r(null), 5000))]);
    expect(exit).not.toBeNull();
    expect(exit?.code).toBe(0);
    expect(exit!.at - stoppedAt).toBeLessThan(5000);
    expect(run.stdout).toEqual([]);
    expect(run.stderr.map((l) => l.text)).toEqual(['lambdalens: 0 invocations, 0 cold starts']);
  }, 60_000);

  it('a terminal named as the input (`/dev/tty`, `/dev/pts/N`) is read as it comes, and SIGTERM ends the run at once', async () => {
    // A terminal of its own: a tmux pane whose program reads nothing, so what is typed is the run's.
    tty = startSession('sleep 60', ROOT, 160, 40);
    const pane = tty;
    const device = execFileSync(
      '/usr/bin/tmux',
      ['-L', pane.name, 'display-message', '-p', '-t', pane.name, '#{pane_tty}'],
      {
        encoding: 'utf8',
      },
    ).trim();
    cli = startCli(['logs', device, '--function-name', 'tty-fn', '-o', 'ndjson']);
    const run = cli;
    await hasOpened(run, device);
    const typeLines = (events: { message: string }[]) => {
      for (const e of events) {
        pane.type(e.message.replace(/\n$/, ''));
        pane.keys('Enter');
      }
    };
    const first = requestIdOf(40);
    typeLines(invocationEvents(first, Date.now()));
    await run.waitForLine((l) => l.includes(first), 10_000);
    typeLines(invocationEvents(requestIdOf(41), Date.now()).slice(0, 2));
    await new Promise((r) => setTimeout(r, 300));
    const stoppedAt = Date.now();
    run.child.kill('SIGTERM');
    const exit = await Promise.race([run.exited, new Promise<null>((r) => setTimeout(() => r(null), 5000))]);
    expect(exit).not.toBeNull();
    expect(exit?.code).toBe(0);
    expect(exit!.at - stoppedAt).toBeLessThan(5000);
    expect(ndjson(run).map((p) => [p.requestId, p.status])).toEqual([
      [requestIdOf(40), 'success'],
      [requestIdOf(41), 'incomplete'],
    ]);
  }, 60_000);

  it('tail when not a terminal streams the same way, and SIGHUP flushes and exits 0', async () => {
    cli = startCli(['tail', '-', '--function-name', 'live-fn', '-o', 'ndjson']);
    const run = cli;
    run.child.stdin.write(text(invocationEvents(requestIdOf(1, 1), Date.now())));
    await run.waitForLine((l) => l.includes(requestIdOf(1, 1)), 30_000);
    const at = Date.now();
    run.child.stdin.write(text(invocationEvents(requestIdOf(2, 1), at)));
    const printed = await run.waitForLine((l) => l.includes(requestIdOf(2, 1)), 10_000);
    expect(printed.at - at).toBeLessThan(BOUND_MS);
    run.child.stdin.write(text(invocationEvents(requestIdOf(3, 1), Date.now()).slice(0, 1)));
    await new Promise((r) => setTimeout(r, 300));
    run.child.kill('SIGHUP');
    expect((await run.exited).code).toBe(0);
    expect(ndjson(run).map((p) => [p.requestId, p.status])).toEqual([
      [requestIdOf(1, 1), 'success'],
      [requestIdOf(2, 1), 'success'],
      [requestIdOf(3, 1), 'incomplete'],
    ]);
  }, 60_000);

  it('ship - --to - streams its documents, and a second signal ends a stop that is taking long', async () => {
    cli = startCli(['ship', '-', '--to', '-', '--function-name', 'live-fn']);
    const run = cli;
    run.child.stdin.write(text(invocationEvents(requestIdOf(1, 2), Date.now())));
    await run.waitForLine((l) => l.includes('lambdalens-invocations'), 30_000);
    const at = Date.now();
    run.child.stdin.write(text(invocationEvents(requestIdOf(2, 2), at)));
    const doc = await run.waitForLine(
      (l) => l.includes('lambdalens-invocations') && l.includes(requestIdOf(2, 2)),
      10_000,
    );
    expect(doc.at - at).toBeLessThan(BOUND_MS);
    run.child.kill('SIGINT');
    expect((await run.exited).code).toBe(0);

    // To an Elasticsearch that takes the connection and never answers, the stop keeps trying
    // to deliver what it read; a second signal is the user insisting, and ends it at once
    // (128 + SIGTERM).
    const silent = createServer(() => {});
    // The stop owes documents only once they are read and on their way: wait for the bulk
    // request (a signal sent earlier meets a CLI with nothing to deliver, which ends at once).
    const asked = new Promise<void>((r) =>
      silent.on('request', (req) => {
        if (req.url?.startsWith('/_bulk')) r();
      }),
    );
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const port = (silent.address() as AddressInfo).port;
      cli = startCli(['ship', '-', '--to', `http://127.0.0.1:${port}`, '--engine', 'elasticsearch']);
      const stuck = cli;
      stuck.child.stdin.end(text(invocationEvents(requestIdOf(3, 2), Date.now())));
      await asked;
      stuck.child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 1500));
      expect(stuck.running()).toBe(true);
      const second = Date.now();
      stuck.child.kill('SIGTERM');
      const exit = await stuck.exited;
      expect(exit.code).toBe(143);
      expect(exit.at - second).toBeLessThan(BOUND_MS);
    } finally {
      silent.close();
    }
  }, 60_000);

  it('ends quietly with exit 0 when the reader closes the pipe (| head)', async () => {
    cli = startCli(['logs', '-', '--function-name', 'live-fn', '-o', 'ndjson']);
    const run = cli;
    run.child.stdin.write(text(invocationEvents(requestIdOf(1, 3), Date.now())));
    await run.waitForLine((l) => l.includes(requestIdOf(1, 3)), 30_000);
    // The reader leaves, as `head -1` does; the next invocation finds no one to read it.
    run.child.stdout.destroy();
    run.child.stdin.write(text(invocationEvents(requestIdOf(2, 3), Date.now())));
    const exit = await Promise.race([
      run.exited,
      new Promise<null>((r) => setTimeout(() => r(null), 10_000)),
    ]);
    expect(exit?.code).toBe(0);
    expect(run.stderr.map((l) => l.text)).toEqual([]);
  }, 60_000);

  it('follows a growing file as the README shows: tail -f app.log | lambdalens logs -', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lambdalens-live-'));
    const log = join(dir, 'app.log');
    writeFileSync(log, text(invocationEvents(requestIdOf(1, 4), Date.now())));
    // The README's line, as written, with this file and this checkout's lambdalens.
    const example = readFileSync(join(ROOT, 'README.md'), 'utf8')
      .split('\n')
      .find((l) => l.startsWith('tail -f app.log | lambdalens logs -'));
    expect(example).toBeDefined();
    const command = (example as string).replace(/\s+#.*$/, '');
    const pipeline = `${command.replace('lambdalens', 'node bin/lambdalens.mjs').replace('app.log', log)} --function-name app -o ndjson`;
    const { spawn } = await import('node:child_process');
    const child = spawn('/bin/bash', ['-c', pipeline], { cwd: ROOT, detached: true });
    const lines: { at: number; text: string }[] = [];
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      for (const t of d.split('\n').filter(Boolean)) lines.push({ at: Date.now(), text: t });
    });
    const waitFor = async (id: string) => {
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline) {
        const hit = lines.find((l) => l.text.includes(id));
        if (hit) return hit;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`${id} never printed`);
    };
    try {
      await waitFor(requestIdOf(1, 4));
      const at = Date.now();
      await appendFile(log, text(invocationEvents(requestIdOf(2, 4), at)));
      const printed = await waitFor(requestIdOf(2, 4));
      expect(printed.at - at).toBeLessThan(BOUND_MS);
    } finally {
      process.kill(-(child.pid as number), 'SIGTERM');
    }
  }, 60_000);
});

describe('logs - in a real terminal (tmux)', () => {
  it('shows an invocation at once on screen, and Ctrl-C prints the open one and the summary, exit 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lambdalens-pty-'));
    const fifo = join(dir, 'in');
    execFileSync('mkfifo', [fifo]);
    tty = startSession(`node bin/lambdalens.mjs logs - --function-name pty-fn < ${fifo}`, ROOT, 160, 40);
    const screen = tty;
    const writer = await open(fifo, 'w');
    try {
      await writer.write(text(invocationEvents(requestIdOf(1, 5), Date.now())));
      await screen.waitFor((s) => s.includes(requestIdOf(1, 5)), 30_000);
      const at = Date.now();
      await writer.write(text(invocationEvents(requestIdOf(2, 5), at)));
      await screen.waitFor((s) => s.includes(requestIdOf(2, 5)), 10_000);
      expect(Date.now() - at).toBeLessThan(BOUND_MS);
      await writer.write(text(invocationEvents(requestIdOf(3, 5), Date.now()).slice(0, 2)));
      await new Promise((r) => setTimeout(r, 500));
      screen.keys('C-c');
      const end = await screen.waitFor((s) => s.includes('EXITED'), 10_000);
      expect(end).toContain('EXITED 0');
      expect(end).toMatch(new RegExp(`${requestIdOf(3, 5)}.*… incomplete`));
      expect(end).toContain('3 invocations (2 success, 1 incomplete) from 1 function');
    } finally {
      await writer.close();
    }
  }, 60_000);

  it('the terminal UI quits on SIGTERM as on q, with exit 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lambdalens-pty-'));
    const fifo = join(dir, 'in');
    execFileSync('mkfifo', [fifo]);
    tty = startSession(`node bin/lambdalens.mjs tail - --function-name pty-fn < ${fifo}`, ROOT, 160, 40);
    const screen = tty;
    const writer = await open(fifo, 'w');
    try {
      await writer.write(text(invocationEvents(requestIdOf(1, 6), Date.now())));
      await screen.waitFor((s) => s.includes('pty-fn') && s.includes('lambdalens tail'), 30_000);
      // The UI runs in the pane's shell's child: signal it as `kill` would.
      const shell = execFileSync(
        '/usr/bin/tmux',
        ['-L', screen.name, 'display-message', '-p', '-t', screen.name, '#{pane_pid}'],
        {
          encoding: 'utf8',
        },
      ).trim();
      const node = execFileSync('pgrep', ['-P', shell, 'node'], { encoding: 'utf8' }).trim().split('\n')[0]!;
      process.kill(Number(node), 'SIGTERM');
      const end = await screen.waitFor((s) => s.includes('EXITED'), 10_000);
      expect(end).toContain('EXITED 0');
    } finally {
      await writer.close();
    }
  }, 60_000);
});
