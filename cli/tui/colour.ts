/**
 * How many colours the tail draws with, decided once from `--color`, the environment and
 * the terminal, and the colours it gives each function.
 *
 * This is decided here rather than left to chalk's own detection, which answers "no
 * colour" whenever a `CI` variable is set (any value) and ignores NO_COLOR: the tail only
 * runs with a terminal on stdout, where a person is watching.
 */
import { colorWanted } from '../flags/output.ts';
import type { Colour } from './format.ts';

/** 0 none, 1 the 16 basic colours, 2 256 colours, 3 true colour (chalk's levels). */
export type ColourLevel = 0 | 1 | 2 | 3;
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

/**
 * Whether to colour is decided as for every command's output (`--color`/`--no-color`, then
 * NO_COLOR, then FORCE_COLOR, then the terminal); how many colours, by FORCE_COLOR's level
 * when it gives one, else by what the terminal can show.
 */
export function colourLevel(flag: boolean | undefined, env: NodeJS.ProcessEnv = process.env): ColourLevel {
  if (!colorWanted(flag, { isTTY: true }, env)) return 0;
  const forced = Number.parseInt(env.FORCE_COLOR ?? '', 10);
  if (forced >= 1 && forced <= 3) return forced as ColourLevel;
  // A terminal we do not know most likely shows 16 colours; a dumb one says it shows none,
  // and only --color overrules it.
  if (env.TERM === 'dumb' && flag !== true) return 0;
  return terminalColourLevel(env) || 1;
}

/**
 * Colours functions are told apart by, in the order they are given out: none is a status
 * colour (green ok, yellow timeout, magenta oom, red failure, gray partial, blue running),
 * so a function's name never reads as a status.
 */
export const FUNCTION_PALETTE: readonly Colour[] = [
  'cyan',
  'orange',
  'violet',
  'white',
  'sky',
  'pink',
  'tan',
  'teal',
  'lavender',
];

/**
 * A colour per function name: each new name the next colour of the palette, in the order
 * names first appear, so the first functions of a run all differ; past the palette, a hash
 * of the name picks one (the same name keeps its colour).
 */
export function functionColours(
  palette: readonly Colour[] = FUNCTION_PALETTE,
): (name: string | null) => Colour {
  const given = new Map<string, Colour>();
  return (name) => {
    if (name === null) return 'gray';
    let colour = given.get(name);
    if (colour === undefined) {
      colour = given.size < palette.length ? palette[given.size] : palette[hashOf(name) % palette.length];
      given.set(name, colour ?? 'cyan');
    }
    return colour ?? 'cyan';
  };
}

function hashOf(name: string): number {
  let hash = 2166136261;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 16777619);
  return hash >>> 0;
}

/** The tail's function colours (one run, one screen: the list and the summary agree). */
export const functionColour = functionColours();
