/**
 * `--workers <n>`: how many threads read many local log files at once (`logs`, `cost`, `ship`).
 * Stdin and AWS sources are read by one thread whatever it says.
 */
import type { Command } from 'commander';
import { parsePositiveInt } from '../options.ts';
import { defaultWorkers } from '../workers/partition.ts';

export function addWorkersFlag(cmd: Command): Command {
  return cmd.option(
    '--workers <n>',
    'threads reading many log files at once, one per core (at most 8) unless told; stdin and AWS are read by one',
    parsePositiveInt,
    defaultWorkers(),
  );
}
