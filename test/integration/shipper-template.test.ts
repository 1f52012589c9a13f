/** The deploy template is checked by the real cfn-lint (from PyPI), not by string matching alone. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const template = new URL('../../shippers/lambda/template.yaml', import.meta.url).pathname;
const lint = (path: string) => spawnSync('cfn-lint', [path], { encoding: 'utf8' });

describe('shipper deploy template', () => {
  it('passes cfn-lint', () => {
    const run = lint(template);
    expect(run.error).toBeUndefined();
    expect(run.stdout + run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('would be caught by cfn-lint if broken (the check can fail)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'll-cfn-'));
    const broken = join(dir, 'template.yaml');
    writeFileSync(
      broken,
      readFileSync(template, 'utf8').replace('Runtime: nodejs24.x', 'Runtime: nodejs4.x'),
    );
    // cfn-lint does not read the code, so the copy's relative CodeUri does not matter.
    expect(lint(broken).status).not.toBe(0);
  });

  it('scopes the invoke permission to the prefix and excludes the shipper from the account policy', () => {
    const text = readFileSync(template, 'utf8');
    expect(text).toContain(`log-group:\${LogGroupPrefix}*`);
    expect(text).toContain(`LogGroupName NOT IN ["\${ShipperLogGroup}"]`);
    expect(text.match(/AWS::Lambda::Permission/g)).toHaveLength(1);
  });
});
