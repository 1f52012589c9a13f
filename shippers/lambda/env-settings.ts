/**
 * The deployed function's settings, read from its environment. The template only offers
 * valid values, but a setting edited in the console is not checked there: a misspelled
 * INDEX_MODE used to ship into daily indices, an unknown PRICING_ARCHITECTURE to write no
 * cost at all, and a DEADLINE_MARGIN_MS of "5s" to leave every deadline unchecked, all
 * without a word. Each is refused here instead, naming the variable and what it held, and
 * the function's log shows why no batch was shipped.
 */
import type { Architecture } from '../../collectors/model.ts';
import { isArchitecture } from '../../pricing/context.ts';
import { PREFIX_RULE, prefixFault } from '../index-names.ts';
import { ShipperConfigError } from '../types.ts';

type Env = NodeJS.ProcessEnv;

/** An unset or empty variable: the setting's default. */
function given(env: Env, name: string): string | undefined {
  const raw = env[name];
  return raw === undefined || raw === '' ? undefined : raw;
}

/** A finite number at least `min` (above it when `above`); undefined when unset. */
function numberSetting(
  env: Env,
  name: string,
  min: number,
  above: boolean,
  what: string,
): number | undefined {
  const raw = given(env, name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!(Number.isFinite(n) && (above ? n > min : n >= min))) {
    throw new ShipperConfigError(`${name} must be ${what}, not "${raw}"`);
  }
  return n;
}

/** A number of milliseconds; `atLeast` is 0 where none is a choice (no margin), 1 where it is not. */
export function millisecondsSetting(env: Env, name: string, fallback: number, atLeast: 0 | 1): number {
  const what = atLeast === 0 ? 'a number of milliseconds, 0 or more' : 'a positive number of milliseconds';
  return numberSetting(env, name, atLeast, false, what) ?? fallback;
}

/** A positive number of megabytes, in bytes; undefined when unset. */
export function megabytesSetting(env: Env, name: string): number | undefined {
  const mb = numberSetting(env, name, 0, true, 'a positive number of megabytes');
  return mb === undefined ? undefined : Math.floor(mb * 1024 * 1024);
}

/** A positive whole number (a count); undefined when unset. */
export function countSetting(env: Env, name: string): number | undefined {
  const n = numberSetting(env, name, 0, true, 'a positive whole number');
  if (n !== undefined && !Number.isInteger(n))
    throw new ShipperConfigError(`${name} must be a positive whole number, not "${env[name]}"`);
  return n;
}

/** One of `values`, the first being the default. */
export function choiceSetting<T extends string>(env: Env, name: string, values: readonly [T, ...T[]]): T {
  const raw = given(env, name);
  if (raw === undefined) return values[0];
  if ((values as readonly string[]).includes(raw)) return raw as T;
  throw new ShipperConfigError(`${name} must be ${values.join(' or ')}, not "${raw}"`);
}

/** The architecture invocations are priced for; undefined (unset) writes no cost field. */
export function architectureSetting(env: Env, name: string): Architecture | undefined {
  const raw = given(env, name);
  if (raw === undefined) return undefined;
  if (isArchitecture(raw)) return raw;
  throw new ShipperConfigError(`${name} must be x86_64 or arm64 (or unset, for no cost field), not "${raw}"`);
}

/**
 * The prefix of every index written. Unlike the other settings, an empty one is refused
 * rather than read as the default: a prefix emptied in the console says nothing of where the
 * documents should go, and the default's indices may be another function's.
 */
export function prefixSetting(env: Env, name: string, fallback: string): string {
  const raw = env[name];
  if (raw === undefined) return fallback;
  const fault = prefixFault(raw);
  if (fault === null) return raw;
  throw new ShipperConfigError(`${name} must be ${PREFIX_RULE}, not "${raw}": ${fault}`);
}
