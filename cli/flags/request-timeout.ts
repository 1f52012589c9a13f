/**
 * `--request-timeout <seconds>`, one definition for every command that talks to a cluster
 * (`ship`, `es setup`, `cost --source elasticsearch`). Only `ship` had it: the others waited
 * the default 30 s for each of the engine question's 8 tries of a cluster that takes
 * connections and never answers, four minutes before failing, with no way to say less.
 */
import { Option } from 'commander';
import { DEFAULT_REQUEST_TIMEOUT_MS } from '../../shippers/retry-policy.ts';
import { parsePositiveInt } from '../options.ts';

export interface RequestTimeoutFlag {
  requestTimeout: number;
}

export function requestTimeoutOption(): Option {
  return new Option(
    '--request-timeout <seconds>',
    'give up on a request to the cluster after this long, and retry it where a retry is safe',
  )
    .argParser(parsePositiveInt)
    .default(DEFAULT_REQUEST_TIMEOUT_MS / 1000);
}

/** The flag's time in milliseconds, as a connection takes it. */
export const requestTimeoutOf = (flags: RequestTimeoutFlag): number => flags.requestTimeout * 1000;
