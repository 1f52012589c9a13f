/** The function a file's name gives: the name less its extensions, and less a date a daily copy adds. */
import { describe, expect, it } from 'vitest';
import { functionNameOfPath } from '../../collectors/files/read-inputs.ts';

describe('functionNameOfPath', () => {
  it('takes the extensions and a date (and time) the name ends in off', () => {
    expect(
      [
        'orders-api.log',
        'orders-api-2026-10-01.log',
        '/exports/orders-api_20261001.json.gz',
        'orders-api.2026-10-01T14.log',
        'orders-api-2026-10-01T14-05-00Z.ndjson',
      ].map(functionNameOfPath),
    ).toEqual(['orders-api', 'orders-api', 'orders-api', 'orders-api', 'orders-api']);
  });

  it('keeps names that only look dated, or are nothing but a date', () => {
    expect(
      [
        'report-2024.log',
        'fn-12345678.log',
        'etl-20261301.log',
        'a-2026-10-01-b.log',
        '2026-10-01.log',
        '-',
      ].map(functionNameOfPath),
    ).toEqual(['report-2024', 'fn-12345678', 'etl-20261301', 'a-2026-10-01-b', '2026-10-01', undefined]);
  });
});
