/**
 * Text from logs (a function name, an account, a message quoting them) inside a Markdown
 * report: written by whoever can write to a log group, it must render as the text it is,
 * not as markup. `<`, `>` and `&` become HTML entities (no tag or entity survives), the
 * punctuation that makes emphasis, code, links, strike-through or a table cell is
 * backslash-escaped, and the line breaks and control characters the caller has already
 * made visible (`^J`) cannot end a table row or a list item.
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * `_` inside a word (`x86_64`) is no emphasis in CommonMark or GitHub's Markdown, so it
 * is left as it is; anywhere else it is escaped with the rest.
 */
const INLINE = /[&<>]|[\\`*[\]~|#]|(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu;

/** `text` (one line, its controls already shown) escaped to render as itself inline: in a table cell or mid-sentence. */
export function markdownInline(text: string): string {
  return text.replace(INLINE, (c) => ENTITIES[c] ?? `\\${c}`);
}

/**
 * `text` as the content of a list item: as `markdownInline`, and a start that would open a
 * block of its own there (a heading, a nested list, a thematic break) escaped too.
 */
export function markdownItem(text: string): string {
  const inline = markdownInline(text);
  const m = /^(\d{1,9})([.)])/.exec(inline);
  if (m) return `${m[1]}\\${inline.slice((m[1] as string).length)}`;
  return /^[-+]/.test(inline) ? `\\${inline}` : inline;
}
