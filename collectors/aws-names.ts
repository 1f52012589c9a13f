/**
 * The shapes of the AWS names read from logs, which a damaged line can bend: what must
 * hold before a name read from a line is taken as the invocation's.
 */

/**
 * A Region's name (`us-east-1`, `us-gov-west-1`, `ap-southeast-5`): what a Region in
 * `--config` must have, and what one read from a log (a runtime or function ARN) must have
 * to be taken as the invocation's. A damaged line's (`eu-NaNwest-1`) was taken, and `cost`
 * then stopped, exit 2, asking for the prices of a Region AWS does not have, where the
 * command line had given the Region to price such invocations in.
 */
const REGION_NAME = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

export function isRegionName(text: string): boolean {
  return REGION_NAME.test(text);
}

/**
 * An account ID: twelve digits, leading zeros kept. The free tier is an account's: a
 * damaged digit in one function ARN made its invocation an account of its own in `cost`,
 * which then gave that "account" a free tier too, and priced the real one short.
 */
const ACCOUNT_ID = /^\d{12}$/;

export function isAccountId(text: string): boolean {
  return ACCOUNT_ID.test(text);
}
