/**
 * Keys of a functions config file that nothing reads: each is named with the known key it is
 * closest to, and a wrong value of a known key is still the error it was.
 */
import { describe, expect, it } from 'vitest';
import { closestKey, KNOWN_FUNCTION_KEYS } from '../../../pricing/config-keys.ts';
import { FunctionConfigError, parseFunctionConfigs } from '../../../pricing/context.ts';

function parse(raw: unknown): { warnings: string[]; names: string[] } {
  const warnings: string[] = [];
  const configs = parseFunctionConfigs(raw, 'functions.json', (w) => warnings.push(w));
  return { warnings, names: [...configs.keys()] };
}

describe('unknown keys of a functions config', () => {
  it('finds the key a slip of case or a letter or two meant, and nothing for another word', () => {
    expect(closestKey('ephemeralStorageMb', KNOWN_FUNCTION_KEYS)).toBe('ephemeralStorageMB');
    expect(closestKey('memorySizeMb', KNOWN_FUNCTION_KEYS)).toBe('memorySizeMB');
    expect(closestKey('archtecture', KNOWN_FUNCTION_KEYS)).toBe('architecture');
    expect(closestKey('provisionedConcurency', KNOWN_FUNCTION_KEYS)).toBe('provisionedConcurrency');
    expect(closestKey('timeout', KNOWN_FUNCTION_KEYS)).toBeNull();
    expect(closestKey('colour', KNOWN_FUNCTION_KEYS)).toBeNull();
    expect(closestKey('function', ['functions'])).toBe('functions');
  });

  it('names each unknown key, where it is and the key it likely meant; known keys say nothing', () => {
    const { warnings, names } = parse({
      functions: {
        'image-resizer': { architecture: 'arm64', ephemeralStorageMb: 4096, memorySizeMB: 2048 },
        'orders-api': { functionName: 'orders-api', region: 'us-east-1', colour: 'blue' },
        quiet: { architecture: 'x86_64', provisionedConcurrency: 1, provisionedConcurrencyHours: 2 },
      },
      version: 2,
    });
    expect(names).toEqual(['image-resizer', 'orders-api', 'quiet']);
    expect(warnings).toEqual([
      'functions.json has an unknown key "version": ignored (the keys read are functions)',
      'functions.json: functions["image-resizer"] has an unknown key "ephemeralStorageMb" (did you mean ephemeralStorageMB?): ignored',
      `functions.json: functions["orders-api"] has an unknown key "colour": ignored (the keys read are ${KNOWN_FUNCTION_KEYS.join(', ')})`,
    ]);
  });

  it('keeps a wrong value of a known key an error, said before any warning', () => {
    const warnings: string[] = [];
    expect(() =>
      parseFunctionConfigs(
        { functions: { fn: { ephemeralStorageMB: '4096', colour: 'blue' } } },
        'functions.json',
        (w) => warnings.push(w),
      ),
    ).toThrow(
      new FunctionConfigError(
        'functions.json: functions["fn"].ephemeralStorageMB is "4096"; Lambda allows a whole number of MB from 512 to 10,240',
      ),
    );
    expect(warnings).toEqual([]);
  });
});
