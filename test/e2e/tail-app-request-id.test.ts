/**
 * An application's own `requestId` in a line it logs as JSON (an order's ID here) is no
 * Lambda request: `lambdalens tail` reading it live in a real terminal shows the line in
 * the invocation it was logged in, as `logs` does, and makes no row of its own. It made a
 * second row, "order-123", that no START, END or REPORT would close: running for good.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { producer, ROOT, TAIL, tempDir } from './tail-fixtures.ts';
import { isDetail, openSession, type TmuxSession } from './tmux.ts';

const ID = '33333333-3333-4333-8333-333333333333';
const APP_LINE = '{"level":"INFO","requestId":"order-123","message":"order placed"}';

/** The list's rows: plain lines carry no time, so each row's clock reads --:--:--.---. */
const listRows = (screen: string): string[] => screen.split('\n').filter((l) => l.includes('--:--:--.---'));

let session: TmuxSession | null = null;
afterEach(() => {
  session?.kill();
  session = null;
});

describe("a JSON line carrying the application's own requestId", () => {
  it('is a line of the invocation it sits in, on a live screen as in logs: no row of its own', async () => {
    const dir = tempDir();
    const file = join(dir, 'orders.log');
    writeFileSync(
      file,
      [
        `START RequestId: ${ID} Version: $LATEST`,
        APP_LINE,
        `END RequestId: ${ID}`,
        `REPORT RequestId: ${ID}\tDuration: 12.50 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\t`,
        '',
      ].join('\n'),
    );

    // Live: stdin stays open, so only the wall clock completes what was read.
    const exit = join(dir, 'exit-now');
    session = openSession(`${producer(file, 20, exit)} | ${TAIL} -`, ROOT, { shell: true });
    const tty = session;
    await tty.waitFor((s) => listRows(s).some((r) => r.includes(ID) && r.includes('ok')), 20_000);
    // Well past the half second a reported invocation waits for trailing lines.
    await new Promise((r) => setTimeout(r, 1500));
    const rows = listRows(tty.screen());
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain(ID);
    expect(tty.screen()).not.toContain('order-123 ');
    tty.keys('Enter');
    const detail = await tty.waitFor((s) => isDetail(s) && s.includes('Lines 4'));
    // The detail view lays JSON out pretty.
    expect(detail).toContain('"requestId": "order-123",');
    expect(detail).toContain('"message": "order placed"');
    writeFileSync(exit, '');
    tty.keys('q');
    expect(await tty.waitFor((s) => /^EXITED \d+/m.test(s), 10_000)).toMatch(/^EXITED 0$/m);

    // logs reads the same lines the same way.
    const logs = runCli(['logs', file], {});
    expect(logs.code).toBe(0);
    expect(logs.stdout).toBe(
      `(no time)  orders  ${ID}  ✔ success  12.5 ms (billed 13 ms)  40/128 MB\n` +
        `  START RequestId: ${ID} Version: $LATEST\n  ${APP_LINE}\n  END RequestId: ${ID}\n` +
        `  REPORT RequestId: ${ID}\tDuration: 12.50 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\t\n\n`,
    );
    expect(logs.stderr).toContain('lambdalens: 1 invocation (1 success)');
  });
});
