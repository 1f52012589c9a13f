/**
 * A window of CloudWatch history in the moto server, and `tail` showing it on a real terminal:
 * a function whose log group holds the streams a test writes, events logged half an hour
 * ago (inside the retention a window reads, clear of the clock), and the screen's rows and
 * detail views read back as text.
 */
import {
  createFunction,
  createGroup,
  endpoint,
  logsClient,
  putEvents,
  uniqueName,
} from '../integration/aws/helpers.ts';
import { FAKE_AWS } from '../support/cli.ts';
import { ROOT } from './tail-fixtures.ts';
import { isDetail, isList, listRows, openSession, type TmuxSession } from './tmux.ts';

export interface HistoryFunction {
  name: string;
  group: string;
  /** Half an hour ago: the time tests log at and cut windows around. */
  t: number;
  /** Writes events to one of the group's streams. */
  put(stream: string, events: { timestamp: number; message: string }[]): Promise<void>;
}

/** A function in moto (named from `prefix`) whose `/aws/lambda/` group has `streams`. */
export async function historyFunction(prefix: string, streams: string[]): Promise<HistoryFunction> {
  const name = uniqueName(prefix);
  await createFunction(name);
  const group = `/aws/lambda/${name}`;
  const logs = logsClient();
  await createGroup(logs, group, streams);
  return {
    name,
    group,
    t: Date.now() - 30 * 60_000,
    put: (stream, events) => putEvents(logs, group, stream, events),
  };
}

/** What a run of the CLI against moto needs in its environment. */
export function motoEnv(): Record<string, string> {
  return {
    ...FAKE_AWS,
    AWS_ENDPOINT_URL: endpoint(),
    // The AWS SDK's notice that Node 20 support ends would open the run's stderr on the terminal.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

/** `lambdalens tail ARGS` on a 160×40 terminal, against moto. */
export function tailOnScreen(args: readonly string[]): TmuxSession {
  return openSession(`node bin/lambdalens.mjs tail ${args.join(' ')}`, ROOT, {
    width: 160,
    height: 40,
    env: motoEnv(),
  });
}

/** Waits until the input has ended and every one of `requestIds` has a row; the list's rows, oldest first. */
export async function rowsWhenEnded(tty: TmuxSession, requestIds: readonly string[]): Promise<string[]> {
  const screen = await tty.waitFor(
    (s) => s.includes('input ended') && requestIds.every((id) => s.includes(id)),
    30_000,
  );
  return listRows(screen);
}

/**
 * Opens the detail view of the list's row at `index` (0 is the oldest) and goes back to the
 * list; the view's text with its wrapped lines joined, so a note reads whole.
 */
export async function detailAt(tty: TmuxSession, index: number, requestId: string): Promise<string> {
  tty.keys('g', ...Array<string>(index).fill('j'), 'Enter');
  const detail = await tty.waitFor((s) => isDetail(s) && s.includes(requestId));
  tty.keys('Escape');
  await tty.waitFor(isList);
  return detail.replace(/\n /g, ' ');
}

/** Quits the screen; what the terminal shows once the run has exited, ending `EXITED <code>`. */
export async function quitScreen(tty: TmuxSession): Promise<string> {
  tty.keys('q');
  return tty.waitFor((s) => /^EXITED \d+/m.test(s), 10_000);
}
