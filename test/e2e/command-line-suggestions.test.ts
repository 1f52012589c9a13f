/**
 * A mistyped command or option is told with commander's suggestion on the same line, as
 * lambdalens's own suggestions are: the suggestion came on a line of its own, which the
 * one-line message showed as `^J` (`unknown command 'status'^J(Did you mean setup?)`).
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';

describe('a mistyped command or option', () => {
  it.each([
    [['es', 'status'], "unknown command 'status' (did you mean setup?)", 'lambdalens es'],
    [['shp'], "unknown command 'shp' (did you mean ship?)", 'lambdalens'],
    [
      ['es', 'setup', '--es-ur', 'http://127.0.0.1:9200'],
      "unknown option '--es-ur' (did you mean --es-url?)",
      'lambdalens es setup',
    ],
    [
      ['cost', '--sourc', 'elasticsearch'],
      "unknown option '--sourc' (did you mean --source?)",
      'lambdalens cost',
    ],
  ])(
    '%j: exit 2, the suggestion on the message’s line, the help of the command named',
    (args, message, command) => {
      const r = runCli(args, {});
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`lambdalens: ${message}\nhint: see '${command} --help'\n`);
    },
  );
});
