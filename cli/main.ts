/**
 * The lambdalens command line. The only module that decides how the process ends: commands
 * throw or set an exit code, and this turns errors into one clear line on stderr and an
 * exit code: 2 for usage and configuration errors (commander's own included), 1 for
 * failures, 0 for a finished run or a stop the user asked for.
 */
import { Command, CommanderError } from 'commander';
import {
  ConfigError,
  isAbortError,
  LambdalensError,
  readerGone,
  settingError,
  showControls,
  showControlsInLine,
  UsageError,
} from '../collectors/kernel/index.ts';
import { registerCostCommand } from './commands/cost.ts';
import { registerDevClusterCommand } from './commands/dev-cluster.ts';
import { registerEsCommand } from './commands/es.ts';
import { registerFunctionsCommand } from './commands/functions.ts';
import { registerLogsCommand } from './commands/logs.ts';
import { registerShipCommand } from './commands/ship.ts';
import { registerTailCommand } from './commands/tail.ts';
import { plainOptionDescription } from './flags/help.ts';
import { shortenNodeSupportWarning } from './node-support.ts';
import { registerRunCredentials, scrubbed, scrubWrites } from './output/diagnostics.ts';
import { inputFailedSoFar } from './output/input-problems.ts';
import { onStopSignal, onTerminalGone, STOP_SIGNALS, stopAsked } from './stop.ts';
import { releaseLostTerminals } from './terminal-gone.ts';

export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** Exit code of an error that ended a run. */
export function exitCodeOf(err: unknown): number {
  if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
  if (isAbortError(err)) return EXIT.ok;
  if (err instanceof UsageError || err instanceof ConfigError) return EXIT.usage;
  if (settingError(err) !== null) return EXIT.usage;
  return EXIT.failure;
}

/** `lambdalens logs` for the logs command: the words a user types to reach it. */
function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

function helpHint(cmd: Command): string {
  return `see '${commandPath(cmd)} --help'`;
}

/**
 * Commander puts its suggestion on a line of its own (`unknown command 'shp'\n(Did you mean
 * ship?)`), which the one-line message showed as `^J`: said on the same line, as lambdalens
 * says its own (`(did you mean ephemeralStorageMB?)`).
 */
function oneLine(message: string): string {
  return message.replace(/\s*\n\s*\(Did you mean /g, ' (did you mean ').replace(/\s*\n\s*/g, ' ');
}

/**
 * A commander error (unknown option, bad choice, missing argument) with the command it
 * came from, so the hint names that command's help rather than printing all of it.
 */
class CommandLineError extends UsageError {
  readonly commander: CommanderError;
  constructor(err: CommanderError, cmd: Command) {
    super(oneLine(err.message.replace(/^error: /, '')), { cause: err, hint: helpHint(cmd) });
    this.name = 'CommandLineError';
    this.commander = err;
  }
}

function overrideExits(cmd: Command): void {
  cmd.exitOverride((err) => {
    if (err.exitCode === 0) throw err; // --help, --version
    if (err.code === 'commander.help') throw err; // help already shown on stderr
    throw new CommandLineError(err, cmd);
  });
  for (const sub of cmd.commands) overrideExits(sub);
}

export function buildProgram(): { program: Command; running: () => Command | null } {
  const program = new Command('lambdalens')
    .description('Correlated Lambda logs, X-Ray traces, Elasticsearch shipping and exact cost reports')
    .version('0.1.0')
    // main prints commander's messages itself, with the hint, in the same form as its own.
    .configureOutput({ outputError: () => {} })
    // Set before the commands are added: each takes the program's help settings as it is made.
    .configureHelp({ optionDescription: plainOptionDescription });
  registerLogsCommand(program);
  registerCostCommand(program);
  registerTailCommand(program);
  registerShipCommand(program);
  registerEsCommand(program);
  registerFunctionsCommand(program);
  registerDevClusterCommand(program);
  overrideExits(program);
  let running: Command | null = null;
  program.hook('preAction', (_root, action) => {
    running = action;
    // Before the command does anything: whatever it then says is scrubbed of these.
    registerRunCredentials(action.opts());
  });
  return { program, running: () => running };
}

/**
 * The lines an error prints on stderr: the message, then its hint, if any. A server's answer
 * quoted in an error may echo credentials back in any form: scrubbed here as well as by
 * stderr itself, for a caller that writes the lines elsewhere.
 */
export function describeError(err: unknown, running: Command | null): string {
  // A message may quote a name from the logs (a function, a log group): its escapes are
  // shown, not sent to the terminal, and so are its line breaks, which would start a line
  // that reads as lambdalens's own; only a message that quotes a program's output has lines.
  const text = err instanceof Error ? err.message : String(err);
  const message =
    err instanceof LambdalensError && err.multiline ? showControls(text) : showControlsInLine(text);
  let out = `lambdalens: ${message}\n`;
  const hint =
    err instanceof LambdalensError && err.hint
      ? err.hint
      : err instanceof UsageError && running
        ? helpHint(running)
        : settingError(err)?.hint;
  if (hint) out += `hint: ${showControlsInLine(hint)}\n`;
  if (process.env.LAMBDALENS_DEBUG && err instanceof Error && !(err instanceof UsageError)) {
    out += `${err.stack}\n`;
  }
  return scrubbed(out);
}

async function main(argv: string[]): Promise<void> {
  // A closed pipe (`lambdalens logs … | head`) or terminal is the reader's choice, not an error: end
  // quietly, with nothing more to say to a reader who left. An input that had already failed
  // (and was said on stderr when it did) still makes the run a failure, as it would have at
  // its end: a script must not read the stop as a whole read. A closed terminal (EIO) is a
  // hang-up whose SIGHUP may come only after the failed write: a command that honours stops
  // finishes as for that signal (its summary, exit 0) rather than end here. (Rethrown, the
  // terminal's EIO ended `tail` as an uncaught error that crashed Node on its way out.)
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (!readerGone(err, process.stdout)) {
      // Output that cannot be written (a full disk, a file gone): the run failed, said once
      // and plainly, not as an uncaught error's stack.
      process.stderr.write(`lambdalens: writing the output failed: ${err.message}\n`);
      process.exit(EXIT.failure);
    }
    if (err.code === 'EIO' && onTerminalGone()) return;
    const code = Number(process.exitCode ?? EXIT.ok);
    process.exit(code === EXIT.ok && inputFailedSoFar() ? EXIT.failure : code);
  });
  // stderr may be that same pipe (`2>&1 | head`, `|& head`): once its reader left, nothing
  // more can be said, but the run's outcome still decides the exit code. Unheard, the failed
  // write of an error's own message would end the process as an uncaught error — exit 1,
  // whatever the error deserved (2 for usage and configuration).
  process.stderr.on('error', (err: NodeJS.ErrnoException) => {
    if (!readerGone(err, process.stderr)) throw err;
  });
  // The first signal asks the running command to finish (see stop.ts); a second one, or
  // one a command does not honour, ends the process at once.
  for (const name of STOP_SIGNALS) {
    process.on(name, () => {
      const code = onStopSignal(name);
      if (code !== null) process.exit(code);
    });
  }
  process.on('exit', releaseLostTerminals);
  // Everything said on stderr, during a run as at its end, is scrubbed of the run's
  // credentials (see output/diagnostics.ts).
  scrubWrites(process.stderr);
  shortenNodeSupportWarning();
  const { program, running } = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (!(err instanceof CommanderError) && !isAbortError(err)) {
      process.stderr.write(describeError(err, running()));
    }
    process.exitCode = exitCodeOf(err);
  }
  // After a stop the command has flushed and summarised; what may still hold the event loop
  // (a stdin read that never returns, idle sockets) must not keep the process alive.
  if (stopAsked()) process.exit(process.exitCode ?? EXIT.ok);
}

await main(process.argv);
