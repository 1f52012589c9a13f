/**
 * `--workers <n>`: how many threads read many local log files at once (`logs`, `cost`, `ship`).
 * Stdin and AWS sources are read by one thread whatever it says; more than two per core are
 * not started (partition.ts `workerThreads`).
 */
import { type Command, Option } from 'commander';
import { parsePositiveInt } from '../options.ts';
import { defaultWorkers } from '../workers/partition.ts';

export function addWorkersFlag(cmd: Command): Command {
  return cmd.addOption(
    new Option(
      '--workers <n>',
      'threads reading many log files at once, at most two per core; stdin and AWS are read by one',
    )
      .argParser(parsePositiveInt)
      // Said as the rule, not as this machine's count: the same help on every machine.
      .default(defaultWorkers(), 'one per core, at most 8'),
  );
}
