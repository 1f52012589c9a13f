/** The first `max` characters of `text`, not splitting a surrogate pair (one fewer then). */
export function cutString(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}
