/**
 * A profile's credential_process that gives no credentials is explained by what the command
 * did: its exit status and the first line of its stderr (scrubbed, capped), or what its
 * output lacks; never a value it printed. The AWS SDK's chain keeps none of that. A process
 * that works is still run once per run. The built CLI, with moto as the Lambda endpoint.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { endpoint, uniqueName } from '../integration/aws/helpers.ts';
import { writeScript } from '../support/aws-credential-fixtures.ts';
import { runCli } from '../support/cli.ts';

/** A secret key the broken helpers print: it must never reach the output. */
const SECRET = 'helperSecretKey0123456789abcdefABCDEFGHIJ';
const EXPECTED = 'expected JSON with "Version": 1, "AccessKeyId" and "SecretAccessKey"';

let dir: string;
let config: string;
let files: NodeJS.ProcessEnv;

const script = (name: string, body: string) => writeScript(dir, name, body);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lambdalens-credential-process-'));
  const long = 'x'.repeat(300);
  const fails = script(
    'fails.sh',
    `echo "token expired for AKIAHELPERKEY0000000 ${long}" >&2\necho "second line ${SECRET}" >&2\nexit 3`,
  );
  const silent = script('silent.sh', 'exit 1');
  const notJson = script('not-json.sh', `echo "AccessKeyId=ASIAHELPERKEY0000000 SecretAccessKey=${SECRET}"`);
  const version2 = script(
    'version2.sh',
    `echo '{"Version": 2, "AccessKeyId": "ASIAHELPERKEY0000000", "SecretAccessKey": "${SECRET}"}'`,
  );
  const noSecret = script('no-secret.sh', `echo '{"Version": 1, "AccessKeyId": "ASIAHELPERKEY0000000"}'`);
  const works = script(
    'works.sh',
    `echo run >> ${join(dir, 'runs')}\necho '{"Version": 1, "AccessKeyId": "ASIAHELPERKEY0000000", "SecretAccessKey": "${SECRET}"}'`,
  );
  config = join(dir, 'config');
  writeFileSync(
    config,
    [
      ['fails', fails],
      ['silent', silent],
      ['notjson', notJson],
      ['version2', version2],
      ['nosecret', noSecret],
      ['works', works],
    ]
      .map(([name, command]) => `[profile ${name}]\nregion = us-east-1\ncredential_process = ${command}\n`)
      .join('') +
      '[profile role]\nregion = us-east-1\nrole_arn = arn:aws:iam::123456789012:role/reader\nsource_profile = fails\n',
  );
  files = {
    AWS_CONFIG_FILE: config,
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
    AWS_ENDPOINT_URL: endpoint(),
  };
});

const run = (profile: string) => runCli(['functions', uniqueName('process'), '--profile', profile], files);
const opening = (profile: string) =>
  `lambdalens: No AWS credentials from profile "${profile}" (named by --profile; it is in ${config}): `;
const fix = (profile: string) =>
  `hint: fix the credential_process of [profile ${profile}] in ${config}, or run it yourself to see more\n`;

describe('a credential_process that gives no credentials', () => {
  it('that fails: its exit status and the first line of its stderr, scrubbed and cut, exit 2', () => {
    const r = run('fails');
    expect(r.code).toBe(2);
    const said = `token expired for AKIA**** ${'x'.repeat(300)}`.slice(0, 160);
    expect(r.stderr).toBe(
      `${opening('fails')}it runs credential_process, which gave none: it exited with status 3, ` +
        `saying on stderr: ${said}… (cut)\n${fix('fails')}`,
    );
    const silent = run('silent');
    expect(silent.code).toBe(2);
    expect(silent.stderr).toBe(
      `${opening('silent')}it runs credential_process, which gave none: it exited with status 1 ` +
        `and wrote nothing on stderr\n${fix('silent')}`,
    );
  });

  it('that prints no credentials of the expected form: what its output lacks, never what it holds', () => {
    const cases = [
      ['notjson', 'its output is not JSON'],
      ['version2', 'its output\'s "Version" is not 1'],
      ['nosecret', 'its output has no "SecretAccessKey"'],
    ] as const;
    for (const [profile, lack] of cases) {
      const r = run(profile);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        `${opening(profile)}it runs credential_process, which gave none: it exited with status 0, ` +
          `but ${lack} (${EXPECTED})\n${fix(profile)}`,
      );
      expect(r.stderr + r.stdout).not.toContain(SECRET);
      expect(r.stderr + r.stdout).not.toContain('HELPERKEY');
    }
  });

  it("through a role's source_profile: the source's process is said", () => {
    const r = run('role');
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(
      `${opening('role')}it assumes its role_arn with the credentials of source_profile "fails", which runs ` +
        'credential_process, which gave none: it exited with status 3, saying on stderr: ' +
        `${`token expired for AKIA**** ${'x'.repeat(300)}`.slice(0, 160)}… (cut)`,
    );
  });

  it('that works is run once, as before: the explanation costs nothing when there is none to give', () => {
    const r = run('works');
    // moto has no such function: the call was signed with the process's keys.
    expect(r.stderr.split('\n')[0]).toMatch(
      /^lambdalens: Lambda function "process-.*" not found in us-east-1\./,
    );
    expect(r.code).toBe(1);
    expect(readFileSync(join(dir, 'runs'), 'utf8')).toBe('run\n');
  });
});
