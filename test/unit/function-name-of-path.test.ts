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

  it("takes off what a browser or a file manager adds to a second copy's name", () => {
    expect(
      [
        'orders-api (1).json',
        'orders-api (12).log',
        'orders-api copy.log',
        'orders-api copy 2.log',
        'orders-api - Copy.json',
        'orders-api - Copy (3).json',
        'orders-api-2026-10-01 (1).log',
        '/exports/orders-api (2).json.gz',
      ].map(functionNameOfPath),
    ).toEqual(Array(8).fill('orders-api'));
    // A name that is nothing but the mark stays as it is; a function's own name is kept whole.
    expect([' (1).log', 'copy.log', 'orders-copy.log', 'orders-api-1.log'].map(functionNameOfPath)).toEqual([
      ' (1)',
      'copy',
      'orders-copy',
      'orders-api-1',
    ]);
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
