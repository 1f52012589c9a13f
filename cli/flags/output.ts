/**
 * Output flags every command shares: `-o/--output <format>` with the command's formats, and
 * colour decided the way the wider ecosystem expects: `--color`/`--no-color` win, then
 * `NO_COLOR` (any non-empty value turns colour off, no-color.org), then `FORCE_COLOR`
 * (non-empty and not `0` turns it on), then whether the stream is a terminal.
 */
import { type Command, Option } from 'commander';

/**
 * `fallback` is the format when `-o` is not given, or, when the command decides it from
 * other flags, the words `--help` says for it (the option is then left unset).
 */
export function addOutputFlag<F extends string>(
  cmd: Command,
  formats: readonly F[],
  fallback: F | { decidedBy: string },
): Command {
  const option = new Option('-o, --output <format>', 'output format').choices(formats);
  if (typeof fallback === 'string') return cmd.addOption(option.default(fallback));
  option.description = `output format (default: ${fallback.decidedBy})`;
  return cmd.addOption(option);
}

export function addColorFlags(cmd: Command): Command {
  return cmd
    .option('--color', 'colour the output even when it is not a terminal')
    .option('--no-color', 'no colour (also NO_COLOR=1)');
}

/** Whether to colour what goes to `stream`. */
export function colorWanted(
  flag: boolean | undefined,
  stream: { isTTY?: boolean },
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  if (flag !== undefined) return flag;
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}
