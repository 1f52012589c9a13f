/**
 * How many colours the tail draws with, decided once from `--color`, the environment and
 * the terminal, and the colours it gives each function.
 *
 * This is decided here rather than left to chalk's own detection, which answers "no
 * colour" whenever a `CI` variable is set (any value) and ignores NO_COLOR: the tail only
 * runs with a terminal on stdout, where a person is watching.
 */
import type { Colour } from './format.ts';

/** 0 none, 1 the 16 basic colours, 2 256 colours, 3 true colour (chalk's levels). */
export type ColourLevel = 0 | 1 | 2 | 3;
export type ColourChoice = 'auto' | 'always' | 'never';

export function isColourChoice(value: string): value is ColourChoice {
  return value === 'auto' || value === 'always' || value === 'never';
}

/** What the terminal can show, from TERM and COLORTERM, as terminfo-less tools guess it. */
export function terminalColourLevel(env: NodeJS.ProcessEnv): ColourLevel {
  const term = env.TERM ?? '';
  if (term === 'dumb') return 0;
  const colorterm = (env.COLORTERM ?? '').toLowerCase();
  if (colorterm === 'truecolor' || colorterm === '24bit') return 3;
  if (/^(xterm-kitty|xterm-ghostty|wezterm|alacritty|foot)/.test(term)) return 3;
  if (env.TERM_PROGRAM === 'iTerm.app' || env.TERM_PROGRAM === 'WezTerm') return 3;
  if (/-256(colou?r)?$/i.test(term) || env.TERM_PROGRAM === 'Apple_Terminal') return 2;
  if (/^(screen|tmux|xterm|vt100|vt220|rxvt|linux|cygwin|ansi)|color/i.test(term)) return 1;
  if (colorterm !== '') return 1;
  return 0;
}

function forcedLevel(value: string): ColourLevel | null {
  if (value === '' || value === 'true') return 1;
  if (value === 'false') return 0;
  const n = Number.parseInt(value, 10);
  if (!Number.isFinite(n)) return 1;
  return Math.max(0, Math.min(3, n)) as ColourLevel;
}

/**
 * `--color never|always` first; then FORCE_COLOR (which Node lets beat NO_COLOR), then a
 * non-empty NO_COLOR (no-color.org); then what the terminal can show.
 */
export function resolveColourLevel(
  choice: ColourChoice,
  env: NodeJS.ProcessEnv,
  isTTY: boolean,
): ColourLevel {
  if (choice === 'never') return 0;
  const capability = terminalColourLevel(env);
  if (choice === 'always') return capability === 0 ? 1 : capability;
  if (env.FORCE_COLOR !== undefined) {
    const forced = forcedLevel(env.FORCE_COLOR);
    if (forced !== null) return forced === 0 ? 0 : (Math.max(forced, capability) as ColourLevel);
  }
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  return isTTY ? capability : 0;
}

/** Colours functions are told apart by; red and yellow stay for failures. */
const FUNCTION_COLOURS: readonly Colour[] = ['cyan', 'magenta', 'blue', 'green', 'white'];

/** A stable colour per function name (the same name has the same colour in every run). */
export function functionColour(name: string | null): Colour {
  if (name === null) return 'gray';
  let hash = 2166136261;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 16777619);
  return FUNCTION_COLOURS[(hash >>> 0) % FUNCTION_COLOURS.length] ?? 'cyan';
}
