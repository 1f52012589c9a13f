/**
 * Loads the terminal UI (Ink and React, only when a screen is shown) configured for the
 * terminal it will draw on.
 *
 * Ink decides once, when it is first imported, whether it runs in CI (`is-in-ci`: any `CI`
 * or `CONTINUOUS_INTEGRATION` variable other than "0"/"false"), and then draws only a final
 * frame. The tail only runs with a terminal on stdout, where a person watches, so those
 * variables are hidden for the duration of that import and put back at once: the rest of
 * the process and its children see the environment unchanged. Colour is not left to
 * chalk's own detection (which a `CI` variable also turns off, and which ignores NO_COLOR):
 * the level decided by `colourLevel` is set on the chalk instance Ink draws with.
 */
import type { ColourLevel } from './colour.ts';

const CI_VARIABLES = ['CI', 'CONTINUOUS_INTEGRATION'] as const;

/** Imports the UI with Ink's CI detection seeing no CI, and sets the colour level it draws with. */
export async function loadTui(level: ColourLevel): Promise<typeof import('./run.tsx')> {
  // React's development build records timing data for every render and never lets go of
  // it: a tail rendering for hours must run the production build, chosen at import time.
  process.env.NODE_ENV ??= 'production';
  const saved = CI_VARIABLES.map((name) => [name, process.env[name]] as const);
  for (const name of CI_VARIABLES) delete process.env[name];
  try {
    const [{ default: chalk }, run] = await Promise.all([import('chalk'), import('./run.tsx')]);
    chalk.level = level;
    return run;
  } finally {
    for (const [name, value] of saved) if (value !== undefined) process.env[name] = value;
  }
}
