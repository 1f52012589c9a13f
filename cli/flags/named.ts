/**
 * A flag's value that names something (a log group, a function, an AWS profile): an empty or
 * blank one names nothing. Taken as given, `--log-group ''` was looked up as a group that
 * "does not exist", `--function-name ''` written out as a function called "", and
 * `--profile ''` explained as a profile to "add [profile ] to" the config file.
 */
import { InvalidArgumentError } from 'commander';

/** A commander parser refusing an empty or blank value, as it refuses a bad number. */
export function named(what: string): (value: string) => string {
  return (value) => {
    if (value.trim() === '') throw new InvalidArgumentError(`expected ${what}, got an empty one`);
    return value;
  };
}
