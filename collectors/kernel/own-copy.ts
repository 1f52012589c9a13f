/**
 * A string of its own, not a view of the text it was cut from: V8 cuts a part of 13
 * characters or more as a view, which keeps the whole text alive as long as the part is
 * kept. A request ID or a stream name kept from a line of up to the line bound must not
 * keep the line. JSON text gives back every string exactly, lone surrogates included.
 */
export function ownCopy(s: string): string {
  return s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string);
}
