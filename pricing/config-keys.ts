/**
 * The keys a functions config file may hold, and what to say of one it does not know. A
 * mistyped key (`ephemeralStorageMb`) is read as absent, so the figure it was meant to set
 * falls back to its default without a word: each unknown key is named, with the known key
 * it is closest to.
 */
import type { FunctionConfig } from '../collectors/model.ts';

/** Every key of FunctionConfig: the compiler keeps this list and the interface in step. */
const FUNCTION_KEYS: Record<keyof FunctionConfig, true> = {
  functionName: true,
  region: true,
  accountId: true,
  architecture: true,
  memorySizeMB: true,
  ephemeralStorageMB: true,
  timeoutSeconds: true,
  runtime: true,
  tracingMode: true,
  logFormat: true,
  logGroup: true,
  snapStart: true,
  packageType: true,
  provisionedConcurrency: true,
  provisionedConcurrencyHours: true,
};

export const KNOWN_FUNCTION_KEYS: readonly string[] = Object.keys(FUNCTION_KEYS);

/** Edit distance (insertions, deletions, substitutions), case-insensitive. */
function distance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      row.push(Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost));
    }
    previous = row;
  }
  return previous[t.length] ?? 0;
}

/**
 * The known key an unknown one most likely meant: the same but for case, else the nearest
 * within a third of its length (a slip of a few letters, not another word), or null.
 */
export function closestKey(key: string, known: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const d = distance(key, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best !== null && bestDistance <= Math.max(1, Math.floor(key.length / 3)) ? best : null;
}

function unknownKeyText(key: string, known: readonly string[]): string {
  const near = closestKey(key, known);
  return near
    ? `unknown key "${key}" (did you mean ${near}?): ignored`
    : `unknown key "${key}": ignored (the keys read are ${known.join(', ')})`;
}

/** Warnings for the keys of a functions config file that nothing reads: top level and per function. */
export function unknownConfigKeys(raw: Record<string, unknown>, where: string): string[] {
  const warnings: string[] = [];
  for (const key of Object.keys(raw)) {
    if (key !== 'functions') warnings.push(`${where} has an ${unknownKeyText(key, ['functions'])}`);
  }
  const functions = raw.functions as Record<string, unknown>;
  for (const [name, value] of Object.entries(functions)) {
    for (const key of Object.keys(value as Record<string, unknown>)) {
      if (Object.hasOwn(FUNCTION_KEYS, key)) continue;
      warnings.push(`${where}: functions["${name}"] has an ${unknownKeyText(key, KNOWN_FUNCTION_KEYS)}`);
    }
  }
  return warnings;
}
