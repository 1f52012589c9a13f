/**
 * The deployed shipper refuses a setting it cannot read, naming the variable and its value,
 * before it asks anything of AWS or the cluster: the template offers only valid values, but
 * one edited in the console used to be read as a default (INDEX_MODE), as no cost
 * (PRICING_ARCHITECTURE), as verified (ES_TLS_VERIFY) or as NaN (the two times); an index
 * prefix emptied there was refused without a word of INDEX_PREFIX. Nothing
 * listens on the cluster's port: a setting that is read goes on to fail to connect instead.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLambdaEntry } from '../../shippers/lambda/index.ts';
import { ShipperConfigError } from '../../shippers/types.ts';
import { fixtureStreams, subscriptionEvent } from '../support/shipper-fixtures.ts';

const contextWith = (ms: number) => {
  const end = Date.now() + ms;
  return { getRemainingTimeInMillis: () => end - Date.now() };
};
const BASE = { ES_URL: 'http://127.0.0.1:1', DEADLINE_MARGIN_MS: '100' };
const [event] = fixtureStreams(1).map((s) => subscriptionEvent(s));

async function failure(env: Record<string, string>): Promise<Error> {
  const entry = createLambdaEntry({ ...BASE, ...env });
  return entry(event!, contextWith(1_500)).then(
    () => {
      throw new Error('the delivery was shipped');
    },
    (err: Error) => err,
  );
}

describe('the Lambda entry’s settings', () => {
  // The retries against the absent cluster, logged as the function would: not this test's to show.
  beforeEach(() => vi.spyOn(process.stderr, 'write').mockImplementation(() => true));
  afterEach(() => vi.restoreAllMocks());

  it.each([
    ['INDEX_MODE', 'datastream', 'INDEX_MODE must be daily or data-stream, not "datastream"'],
    ['INDEX_PERIOD', 'weekly', 'INDEX_PERIOD must be daily or monthly, not "weekly"'],
    [
      'PRICING_ARCHITECTURE',
      'arm',
      'PRICING_ARCHITECTURE must be x86_64 or arm64 (or unset, for no cost field), not "arm"',
    ],
    ['ES_TLS_VERIFY', 'no', 'ES_TLS_VERIFY must be true or false, not "no"'],
    [
      'ES_REQUEST_TIMEOUT_MS',
      '20s',
      'ES_REQUEST_TIMEOUT_MS must be a positive number of milliseconds, not "20s"',
    ],
    [
      'ES_REQUEST_TIMEOUT_MS',
      '0',
      'ES_REQUEST_TIMEOUT_MS must be a positive number of milliseconds, not "0"',
    ],
    ['DEADLINE_MARGIN_MS', '5s', 'DEADLINE_MARGIN_MS must be a number of milliseconds, 0 or more, not "5s"'],
    ['DEADLINE_MARGIN_MS', '-1', 'DEADLINE_MARGIN_MS must be a number of milliseconds, 0 or more, not "-1"'],
    ['CARRY_MAX_MB', 'lots', 'CARRY_MAX_MB must be a positive number of megabytes, not "lots"'],
    ['CARRY_MAX_STREAMS', '0', 'CARRY_MAX_STREAMS must be a positive whole number, not "0"'],
    ['CARRY_MAX_STREAMS', '1.5', 'CARRY_MAX_STREAMS must be a positive whole number, not "1.5"'],
    [
      'CARRY_MAX_EVENTS_PER_STREAM',
      'many',
      'CARRY_MAX_EVENTS_PER_STREAM must be a positive whole number, not "many"',
    ],
    // Every index's name starts with it: emptied, it is refused rather than read as the default.
    [
      'INDEX_PREFIX',
      '',
      `INDEX_PREFIX must be 1 to 101 lowercase letters, digits, '-', '_' or '.', not starting with a symbol, not "": it is empty`,
    ],
    [
      'INDEX_PREFIX',
      'Logs',
      `INDEX_PREFIX must be 1 to 101 lowercase letters, digits, '-', '_' or '.', not starting with a symbol, not "Logs": "L" is upper case`,
    ],
    // One character past the limit: the rule says the limit, and what broke it.
    [
      'INDEX_PREFIX',
      'a'.repeat(102),
      `INDEX_PREFIX must be 1 to 101 lowercase letters, digits, '-', '_' or '.', not starting with a symbol, not "${'a'.repeat(102)}": it has 102 characters`,
    ],
    // The URL is not echoed (it may hold credentials), but the variable that held it is named.
    ['ES_URL', 'https://shipper:s3cret@[bad', 'elasticsearch: ES_URL is not a valid URL'],
    ['ES_URL', 'ftp://logs.example.com', 'elasticsearch: ES_URL must be http or https, got "ftp:"'],
  ])('refuses %s=%s by name', async (name, value, message) => {
    const err = await failure({ [name]: value });
    expect(err).toBeInstanceOf(ShipperConfigError);
    expect(err.message).toBe(message);
  });

  it('reads every valid value, and an empty one as its default', async () => {
    for (const env of <Record<string, string>[]>[
      { INDEX_MODE: 'data-stream', INDEX_PERIOD: 'monthly', PRICING_ARCHITECTURE: 'arm64' },
      { ES_TLS_VERIFY: 'true', ES_REQUEST_TIMEOUT_MS: '500', DEADLINE_MARGIN_MS: '0', CARRY_MAX_MB: '8' },
      { CARRY_MAX_STREAMS: '5000', CARRY_MAX_EVENTS_PER_STREAM: '1' },
      { INDEX_MODE: '', INDEX_PERIOD: '', PRICING_ARCHITECTURE: '', ES_TLS_VERIFY: '', CARRY_MAX_MB: '' },
      { CARRY_MAX_STREAMS: '', CARRY_MAX_EVENTS_PER_STREAM: '' },
      { INDEX_PREFIX: 'orders_2026.logs-x' },
    ]) {
      const err = await failure(env);
      // Past the settings: the cluster that is not there is what fails.
      expect(err).not.toBeInstanceOf(ShipperConfigError);
    }
  });
});
