/**
 * The lambdalens command line. The only module that decides how the process ends: commands
 * throw or set an exit code, and this turns errors into one clear line on stderr.
 */
import { Command, CommanderError } from 'commander';
import { registerCostCommand } from './commands/cost.ts';
import { registerDevClusterCommand } from './commands/dev-cluster.ts';
import { registerEsCommand } from './commands/es.ts';
import { registerFunctionsCommand } from './commands/functions.ts';
import { registerLogsCommand } from './commands/logs.ts';
import { registerShipCommand } from './commands/ship.ts';
import { registerTailCommand } from './commands/tail.ts';
import { UsageError } from './options.ts';

export function buildProgram(): Command {
  const program = new Command('lambdalens')
    .description('Correlated Lambda logs, X-Ray traces, Elasticsearch shipping and exact cost reports')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  registerLogsCommand(program);
  registerCostCommand(program);
  registerTailCommand(program);
  registerShipCommand(program);
  registerEsCommand(program);
  registerFunctionsCommand(program);
  registerDevClusterCommand(program);
  return program;
}

async function main(argv: string[]): Promise<void> {
  // A closed pipe (`lambdalens logs … | head`) is the reader's choice, not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode;
      return;
    }
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`lambdalens: ${message}\n`);
    if (!(err instanceof UsageError) && process.env.LAMBDALENS_DEBUG && err instanceof Error) {
      process.stderr.write(`${err.stack}\n`);
    }
    process.exitCode = err instanceof UsageError ? 2 : 1;
  }
}

await main(process.argv);
