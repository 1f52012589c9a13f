import { silentLogger, sleep, systemClock, systemRandom } from '../collectors/kernel/index.ts';
import type { ShipperContext } from './types.ts';

/** The real clock, sleep and randomness, silent logs; tests override what they control. */
export function defaultContext(overrides: Partial<ShipperContext> = {}): ShipperContext {
  return { clock: systemClock, sleep, random: systemRandom, logger: silentLogger, ...overrides };
}
