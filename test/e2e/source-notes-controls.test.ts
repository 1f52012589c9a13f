/**
 * What a CloudWatch source's notes on stderr quote (a log stream's name, a log group's) may
 * hold control characters: CloudWatch refuses only ':' and '*' in a stream's name, so anyone
 * who may write to a shared group can name a stream with an escape sequence (a window title,
 * a clipboard write). The notes show them (`^[`, `^G`), as the run's errors do, and never send
 * them to the terminal. Run as the user runs it, against the moto server.
 */
import { describe, expect, it } from 'vitest';
import { createGroup, endpoint, logsClient, putEvents, uniqueName } from '../integration/aws/helpers.ts';
import { FAKE_AWS, runCli } from '../support/cli.ts';
import { invocationEvents, requestIdOf, startCli } from '../support/live-cli.ts';

const env = () => ({ ...FAKE_AWS, AWS_ENDPOINT_URL: endpoint() });
const ESC = String.fromCharCode(27);
const BEL = String.fromCharCode(7);
const hostile = `${ESC}]0;pwned${BEL}`;
const shown = '^[]0;pwned^G';

describe('a source note quoting a name with control characters', () => {
  it('shows a stream name with an escape sequence, not sends it', async () => {
    const group = `/aws/lambda/${uniqueName('note-controls')}`;
    const stream = `2026/12/07/[$LATEST]ab${hostile}cd`;
    const logs = logsClient();
    await createGroup(logs, group, [stream]);
    // Stamped two minutes past its ingestion: the follower names the stream whose clock runs fast.
    const id = requestIdOf(1, 5);
    await putEvents(logs, group, stream, invocationEvents(id, Date.now() + 120_000));

    const run = startCli(['logs', '--log-group', group, '--follow', '--since', '1m'], env());
    try {
      await run.waitForLine((l) => l.includes(id), 20_000);
      run.child.kill('SIGINT');
      const { code } = await run.exited;
      expect(code).toBe(0);
    } finally {
      run.kill();
    }
    const stderr = run.stderr.map((l) => l.text).join('\n');
    expect(stderr).toContain(`(stream 2026/12/07/[$LATEST]ab${shown}cd: a clock running fast)`);
    expect(stderr).not.toContain(ESC);
    expect(stderr).not.toContain(BEL);
  }, 60_000);

  it('shows a log group name given with one in the error that says it does not exist', () => {
    const group = `/aws/lambda/x${hostile}`;
    const r = runCli(['logs', '--log-group', group, '--since', '1h'], env());
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe(
      `lambdalens: log group /aws/lambda/x${shown} does not exist in us-east-1: nothing to read`,
    );
    expect(r.stderr).not.toContain(ESC);
    expect(r.stderr).not.toContain(BEL);
  });
});
