/**
 * Search and highlight patterns whose matching can take exponential time, refused before
 * they run. JavaScript gives a regular expression no time limit: run where the screen is
 * drawn, `/(x+x+)+y/` against a line of 40 x's froze the screen, and Ctrl-C with it, for good. The shape behind nearly every such
 * pattern is a repetition inside a repeated group (`(a+)+`, `(\w+\s?)*`, `(.*,)+`): when a
 * match fails, the characters can be split between the two repetitions in exponentially
 * many ways, and the engine tries them all. (Repeated alternatives that overlap, `(a|a)+`,
 * are the same trouble and are not recognised here; nor can every such pattern be by its
 * text. What this refuses is refused at once with its reason; the rest runs on a thread of
 * its own with a time budget, `pattern-thread.ts`, which is what keeps the screen answering.)
 */

interface Quantifier {
  /** Characters it takes in the pattern, a lazy `?` included. */
  length: number;
  /**
   * It repeats what it follows a varying number of times, more than once at most (an exact
   * count, `{2}`, leaves nothing to split in different ways).
   */
  repeats: boolean;
}

/** The quantifier at `at` in `pattern`, if one stands there. */
function quantifierAt(pattern: string, at: number): Quantifier | null {
  const c = pattern[at];
  const lazy = (n: number) => (pattern[at + n] === '?' ? n + 1 : n);
  if (c === '*' || c === '+') return { length: lazy(1), repeats: true };
  if (c === '?') return { length: lazy(1), repeats: false };
  if (c !== '{') return null;
  const braces = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(at));
  if (!braces) return null;
  const least = Number(braces[1]);
  const most = braces[2] === undefined ? least : braces[3] === '' ? Infinity : Number(braces[3]);
  return { length: lazy(braces[0].length), repeats: most > 1 && most > least };
}

/**
 * The first repeated group of `pattern` (a regular expression's source) that repeats
 * inside, as written (`(x+x+)+`), or null when there is none.
 */
export function nestedRepetition(pattern: string): string | null {
  /** Open groups: where each starts, and whether something in it repeats. */
  const open: { start: number; repeats: boolean }[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '[') {
      // A class is one atom: skip to its end (a `]` first in it, or escaped, is a character).
      i++;
      if (pattern[i] === '^') i++;
      if (pattern[i] === ']') i++;
      while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
      continue;
    }
    if (c === '(') {
      open.push({ start: i, repeats: false });
      continue;
    }
    const inner = open[open.length - 1];
    if (c === ')') {
      open.pop();
      const quantifier = quantifierAt(pattern, i + 1);
      if (inner?.repeats && quantifier?.repeats) return pattern.slice(inner.start, i + 1 + quantifier.length);
      const outer = open[open.length - 1];
      if (outer && (inner?.repeats || quantifier?.repeats)) outer.repeats = true;
      if (quantifier) i += quantifier.length;
      continue;
    }
    const quantifier = quantifierAt(pattern, i);
    if (quantifier === null) continue;
    // A `?` right after `(` opens a group kind ((?:, (?=, (?<name>), not a quantifier.
    if (inner && quantifier.repeats) inner.repeats = true;
    i += quantifier.length - 1;
  }
  return null;
}
