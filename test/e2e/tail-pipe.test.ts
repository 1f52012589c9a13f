import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURE = 'test/fixtures/tail/invocations.ndjson';

/** Runs a shell pipeline from the repository root; stdout is a pipe, never a terminal. */
function sh(pipeline: string): string {
  return execFileSync('/bin/bash', ['-o', 'pipefail', '-c', pipeline], { cwd: ROOT, encoding: 'utf8' });
}

describe('lambdalens tail when stdout is not a terminal', () => {
  it('prints one NDJSON invocation per line that jq can read', () => {
    const out = sh(
      `node bin/lambdalens.mjs tail --output ndjson ${FIXTURE} | /usr/bin/jq -c '[.requestId[0:8], .functionName, .status, .coldStart, .billedDurationMs]'`,
    );
    expect(out.trim().split('\n')).toEqual([
      '["5b866fb1","billing","crash",true,214]',
      '["dbda340c","orders","success",true,39]',
      '["16f8d3a2","billing","oom",false,24800]',
      '["dbb585bb","orders","timeout",true,300000]',
      '["a719c94f","orders","success",false,666]',
      '["d661f7cf","reports","success",true,201]',
      '["527cb862","billing","timeout",true,3101]',
      '["ac086670","random-name","success",true,1741]',
    ]);
  });

  it('keeps every line of the timed-out invocation in the NDJSON', () => {
    const out = sh(
      `node bin/lambdalens.mjs tail --output ndjson ${FIXTURE} | /usr/bin/jq -r 'select(.status == "timeout" and .functionName == "orders") | .lines[].message'`,
    );
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[4]).toBe(
      '2024-06-10T12:00:03.600Z dbb585bb-3a54-4d1a-a690-54e5085c55f8 Task timed out after 300.10 seconds',
    );
  });

  it('prints grouped text by default, like lambdalens logs', () => {
    const tail = sh(`node bin/lambdalens.mjs tail ${FIXTURE} | cat`);
    const logs = sh(`node bin/lambdalens.mjs logs ${FIXTURE} | cat`);
    expect(tail).toBe(logs);
    expect(tail).toContain('Task timed out after 300.10 seconds');
  });
});
