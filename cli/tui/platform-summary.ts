/**
 * Lambda's JSON-format `platform.*` records (start, report, runtimeDone, initStart…) as
 * one line each: the record type and its figures, so the detail view reads like the text
 * format's START/REPORT lines instead of a screen of braces per record.
 */

const MAX_PARTS = 14;

function leaves(value: unknown, out: string[]): void {
  if (out.length >= MAX_PARTS || value === null || value === undefined) return;
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every((v) => typeof v === 'object')) return; // spans: too long for one line
    out.push(value.map(String).join(','));
    return;
  }
  if (typeof value !== 'object') return;
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (out.length >= MAX_PARTS) return;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) leaves(v, out);
    else if (Array.isArray(v)) out.push(`${key}=${v.length}`);
    else if (v !== null && v !== undefined) out.push(`${key}=${String(v)}`);
  }
}

/** `platform.report durationMs=12.5 billedDurationMs=13 …`; null for anything but a platform record. */
export function platformSummary(value: Record<string, unknown>): string | null {
  const type = value.type;
  if (typeof type !== 'string' || !type.startsWith('platform.')) return null;
  const parts: string[] = [];
  leaves(value.record, parts);
  return parts.length > 0 ? `${type}  ${parts.join('  ')}` : type;
}
