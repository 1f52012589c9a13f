/**
 * `--workers <n>`: how many threads read many local log files at once (`logs`, `cost`, `ship`).
 * Stdin is read by one thread whatever it says; a read from CloudWatch Logs, by one, refuses it
 * when typed (idle-flags.ts); more than two per core are not started (partition.ts `workerThreads`).
 */
import { type Command, Option } from 'commander';
import { parsePositiveInt } from '../options.ts';
import { defaultWorkers } from '../workers/partition.ts';

export function addWorkersFlag(cmd: Command): Command {
  return cmd.addOption(
    new Option(
      '--workers <n>',
      'threads reading many log files at once, at most two per core; stdin is read by one, and a read from CloudWatch Logs refuses it',
    )
      .argParser(parsePositiveInt)
      // Said as the rule, not as this machine's count: the same help on every machine.
      .default(defaultWorkers(), 'one per core, at most 8'),
  );
}
