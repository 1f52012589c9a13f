/**
 * `lambdalens tail -` typed at a shell prompt: stdin is the terminal, and the screen reads
 * its keys from that terminal too. It drew `Waiting for invocations…` for ever, took what
 * was pasted for keys (a `q` in a line quit), and nothing reached the input. It is refused,
 * saying how to give it logs, before the screen takes the terminal.
 */
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openSession, type TmuxSession } from './tmux.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

let session: TmuxSession | null = null;
afterEach(() => {
  session?.kill();
  session = null;
});

describe('tail - with stdin the terminal', () => {
  it('is a usage error (exit 2) saying to pipe the logs in', async () => {
    session = openSession('node bin/lambdalens.mjs tail -', ROOT, { width: 200, height: 20, shell: true });
    const screen = await session.waitFor((s) => /^EXITED \d+/m.test(s));
    expect(screen).toMatch(/^EXITED 2$/m);
    expect(screen).toContain(
      "lambdalens: - reads stdin, and stdin is this terminal, whose keys the screen takes: pipe the logs in (sam local start-api 2>&1 | lambdalens tail -), or paste them into 'lambdalens logs -'",
    );
    expect(screen).toContain("hint: see 'lambdalens tail --help'");
    expect(screen).not.toContain('Waiting for invocations');
  });

  it('reads stdin piped in from the same terminal as before', async () => {
    session = openSession('node bin/lambdalens.mjs tail - < test/fixtures/tail/invocations.ndjson', ROOT, {
      width: 200,
      height: 20,
      shell: true,
    });
    const tty = session;
    await tty.waitFor((s) => s.includes('input ended') && s.includes('8 invocations'));
    tty.keys('q');
    expect(await tty.waitFor((s) => /^EXITED \d+/m.test(s))).toMatch(/^EXITED 0$/m);
  });
});
