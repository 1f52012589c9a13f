/**
 * How every help page writes an option's choices and default: as the user types them, with no
 * quotes. Commander quotes string values (`(default: "60s")`) and not numbers (`(default: 2)`),
 * so one page read `--rate (default: "4")` beside `--workers (default: 2)`, and the defaults
 * written in words (`default: AWS_REGION, …`) never had quotes. One form for all of them.
 */
import type { Help, Option } from 'commander';

/** `Help.optionDescription`, with values unquoted; shows what commander shows, in the same order. */
export function plainOptionDescription(this: Help, option: Option): string {
  const extra: string[] = [];
  if (option.argChoices) extra.push(`choices: ${option.argChoices.join(', ')}`);
  // A boolean flag's default is for the program, not the user (as commander decides).
  const showsDefault =
    option.required || option.optional || (option.isBoolean() && typeof option.defaultValue === 'boolean');
  if (option.defaultValue !== undefined && showsDefault) {
    extra.push(`default: ${option.defaultValueDescription || String(option.defaultValue)}`);
  }
  if (option.presetArg !== undefined && option.optional) extra.push(`preset: ${String(option.presetArg)}`);
  if (option.envVar !== undefined) extra.push(`env: ${option.envVar}`);
  if (extra.length === 0) return option.description;
  const suffix = `(${extra.join(', ')})`;
  return option.description ? `${option.description} ${suffix}` : suffix;
}
