/**
 * The AWS configuration a user writes, read as the AWS CLI reads it: profiles from the
 * shared config and credentials files (a missing one named with where it was looked for),
 * the profile's Region and endpoints, a malformed Region refused at start, and selections
 * that match nothing said in words. The built CLI against moto, with scratch AWS files.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createFunction, endpoint, uniqueName } from '../integration/aws/helpers.ts';
import { FAKE_AWS, runCli } from '../support/cli.ts';

/** Nothing listens there: a client sent to it fails at once with ECONNREFUSED. */
const DEAD = 'http://127.0.0.1:1';
const KEYS = 'aws_access_key_id = testing\naws_secret_access_key = testing\n';

let home: string;
let config: string;
let credentials: string;
/** The scratch files, and no Region, keys or endpoint from the environment. */
let files: NodeJS.ProcessEnv;
let fn: string;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'lambdalens-aws-files-'));
  config = join(home, 'config');
  credentials = join(home, 'credentials');
  writeFileSync(
    config,
    [
      '[profile dev]',
      'region = us-east-1',
      `endpoint_url = ${endpoint()}`,
      '[profile eu]',
      'region = eu-west-2',
      `endpoint_url = ${endpoint()}`,
      '# the profile endpoint is dead: only its services section reaches moto',
      '[profile split]',
      'region = us-east-1',
      `endpoint_url = ${DEAD}`,
      'services = local',
      '[services local]',
      'lambda =',
      `  endpoint_url = ${endpoint()}`,
      '[profile dead]',
      'region = us-east-1',
      `endpoint_url = ${DEAD}`,
      '# the profile endpoint reaches moto: only its services section is dead for Lambda',
      '[profile deadsection]',
      'region = us-east-1',
      `endpoint_url = ${endpoint()}`,
      'services = unreachable',
      '[services unreachable]',
      'lambda =',
      `  endpoint_url = ${DEAD}`,
      '[profile spaced]',
      'region = us east',
      '[profile role]',
      'role_arn = arn:aws:iam::123456789012:role/reader',
      'source_profile = base',
      '',
    ].join('\n'),
  );
  writeFileSync(
    credentials,
    `[dev]\n${KEYS}[eu]\n${KEYS}[split]\n${KEYS}[dead]\n${KEYS}[deadsection]\n${KEYS}`,
  );
  files = { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: credentials };
  fn = uniqueName('awsfiles');
  await createFunction(fn);
});

const PROFILES = '(profiles there: dead, deadsection, dev, eu, role, spaced, split)';

describe('a profile the files lack', () => {
  it('named by --profile: said with both paths and the profiles there, exit 2, whatever else is given', () => {
    const r = runCli(['logs', '-f', fn, '--since', '10m', '--profile', 'nosuch', '--region', 'us-east-1'], {
      ...FAKE_AWS,
      ...files,
      AWS_ENDPOINT_URL: endpoint(),
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `lambdalens: profile "nosuch" is not in ${config} or ${credentials} ${PROFILES}\n` +
        `hint: pass one of the profiles there to --profile, or add [profile nosuch] to ${config}\n`,
    );
  });

  it('named by AWS_PROFILE, with no Region anywhere: the profile is said, not the Region', () => {
    const r = runCli(['logs', '-f', fn], { ...files, AWS_PROFILE: 'nosuch' });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `lambdalens: profile "nosuch" is not in ${config} or ${credentials} ${PROFILES}\n` +
        'hint: AWS_PROFILE names it: unset AWS_PROFILE or set it to one of the profiles there\n',
    );
  });

  it('looked for under HOME when AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE are unset', () => {
    const bare = mkdtempSync(join(tmpdir(), 'lambdalens-aws-home-'));
    mkdirSync(join(bare, '.aws'));
    writeFileSync(join(bare, '.aws', 'credentials'), `[only]\n${KEYS}`);
    const env = { HOME: bare, AWS_CONFIG_FILE: undefined, AWS_SHARED_CREDENTIALS_FILE: undefined };
    const r = runCli(['functions', '--profile', 'nosuch'], env);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(
      `lambdalens: profile "nosuch" is not in ${bare}/.aws/config or ${bare}/.aws/credentials (profiles there: only)`,
    );
    const none = runCli(['functions', '--profile', 'nosuch'], {});
    expect(none.stderr.split('\n')[0]).toBe(
      'lambdalens: profile "nosuch" is not in /nonexistent or /nonexistent (neither file can be read)',
    );
  });

  it('named by a source_profile: both profiles are said', () => {
    const r = runCli(['functions', '--profile', 'role'], files);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `lambdalens: profile "role" takes its credentials from source_profile "base", which is not in ${config} or ${credentials} ${PROFILES}\n` +
        `hint: add [profile base] to ${config}, or point source_profile of "role" at a profile there\n`,
    );
  });
});

describe('a profile that gives no credentials', () => {
  let keylessConfig: string;
  let keylessCredentials: string;
  let keyless: NodeJS.ProcessEnv;
  beforeAll(() => {
    const dir = mkdtempSync(join(tmpdir(), 'lambdalens-aws-no-keys-'));
    keylessConfig = join(dir, 'config');
    keylessCredentials = join(dir, 'credentials');
    writeFileSync(
      keylessConfig,
      [
        '# profiles that give no credentials, each for its own reason',
        '[profile bare]',
        'region = us-east-1',
        '[profile unassumable]',
        'region = us-east-1',
        'role_arn = arn:aws:iam::123456789012:role/reader',
        '[profile chained]',
        'region = us-east-1',
        'role_arn = arn:aws:iam::123456789012:role/reader',
        'source_profile = bare',
        '[profile sso]',
        'region = us-east-1',
        'sso_session = corp',
        'sso_account_id = 123456789012',
        'sso_role_name = Reader',
        '[sso-session corp]',
        'sso_start_url = https://example.awsapps.com/start',
        'sso_region = us-east-1',
        '# sso_session names a section the file lacks, or one without its Region',
        '[profile orphan]',
        'region = us-east-1',
        'sso_session = gone',
        '[profile halfsso]',
        'region = us-east-1',
        'sso_session = half',
        '[profile onorphan]',
        'region = us-east-1',
        'role_arn = arn:aws:iam::123456789012:role/reader',
        'source_profile = orphan',
        '[sso-session half]',
        'sso_start_url = https://example.awsapps.com/start',
        '',
      ].join('\n'),
    );
    // A profile may be in both files, with no keys in either.
    writeFileSync(keylessCredentials, '[bare]\nregion = us-east-1\n');
    keyless = { AWS_CONFIG_FILE: keylessConfig, AWS_SHARED_CREDENTIALS_FILE: keylessCredentials };
  });
  const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    runCli(['logs', '-f', fn, ...args], { ...keyless, AWS_ENDPOINT_URL: endpoint(), ...env });
  const lacksAll =
    'has no keys (aws_access_key_id, aws_secret_access_key), no role_arn, no sso_session and no credential_process';
  const configureBare =
    'hint: `aws configure --profile bare` adds keys to it, `aws configure sso --profile bare` an IAM Identity Center login\n';

  it('is named with what chose it, the files that hold it and what it lacks, exit 2', () => {
    for (const [args, env, chosen] of [
      [['--profile', 'bare'], {}, 'named by --profile'],
      [[], { AWS_PROFILE: 'bare' }, 'named by AWS_PROFILE'],
    ] as const) {
      const r = run([...args], env);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        `lambdalens: No AWS credentials from profile "bare" (${chosen}; it is in ${keylessConfig} and ${keylessCredentials}): ` +
          `it ${lacksAll}\n${configureBare}`,
      );
    }
  });

  it('a role with nothing to assume it with, or whose source_profile has no keys', () => {
    const unassumable = run(['--profile', 'unassumable']);
    expect(unassumable.code).toBe(2);
    expect(unassumable.stderr).toBe(
      `lambdalens: No AWS credentials from profile "unassumable" (named by --profile; it is in ${keylessConfig}): ` +
        'it has role_arn but neither source_profile nor credential_source, so nothing can assume the role\n' +
        `hint: add source_profile = <a profile with keys> to [profile unassumable] in ${keylessConfig}\n`,
    );
    const chained = run([], { AWS_PROFILE: 'chained' });
    expect(chained.code).toBe(2);
    expect(chained.stderr).toBe(
      `lambdalens: No AWS credentials from profile "chained" (named by AWS_PROFILE; it is in ${keylessConfig}): ` +
        `it assumes its role_arn with the credentials of source_profile "bare", which ${lacksAll}\n${configureBare}`,
    );
  });

  it('an IAM Identity Center profile with no login names the command that logs in', () => {
    const r = run(['--profile', 'sso']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `lambdalens: No AWS credentials from profile "sso" (named by --profile; it is in ${keylessConfig}): ` +
        'it signs in with IAM Identity Center (sso_session "corp"), and has no valid login\n' +
        'hint: run `aws sso login --profile sso`, then try again\n',
    );
  });

  it('an sso_session naming no [sso-session] section, or one without sso_region, is refused at start, exit 2', () => {
    for (const [args, env] of [
      [['--profile', 'orphan'], {}],
      [[], { AWS_PROFILE: 'orphan' }],
    ] as const) {
      const r = run([...args], env);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        `lambdalens: sso_session of profile "orphan" in ${keylessConfig} is "gone", but there is no ` +
          `[sso-session gone] section in ${keylessConfig}\n` +
          `hint: add [sso-session gone] with sso_start_url and sso_region to ${keylessConfig}, ` +
          'or run `aws configure sso --profile orphan`\n',
      );
    }
    // Reached through a source_profile, the profile that names it is the one said.
    const chained = run(['--profile', 'onorphan']);
    expect(chained.code).toBe(2);
    expect(chained.stderr.split('\n')[0]).toBe(
      `lambdalens: sso_session of profile "orphan" in ${keylessConfig} is "gone", but there is no ` +
        `[sso-session gone] section in ${keylessConfig}`,
    );
    const half = run(['--profile', 'halfsso']);
    expect(half.code).toBe(2);
    expect(half.stderr).toBe(
      `lambdalens: sso_session of profile "halfsso" in ${keylessConfig} is "half", but [sso-session half] ` +
        `in ${keylessConfig} has no sso_region\n` +
        `hint: add sso_region to [sso-session half] in ${keylessConfig}, or run \`aws configure sso-session\` to write the section\n`,
    );
  });

  it('a run that makes no AWS call does not ask for them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lambdalens-no-call-'));
    const log = join(dir, 'fn.log');
    writeFileSync(
      log,
      'START RequestId: 8f5a1f2e-0000-4000-8000-000000000001 Version: $LATEST\n' +
        'END RequestId: 8f5a1f2e-0000-4000-8000-000000000001\n',
    );
    // Piped, tail reads the profile only for the Region local input is priced in.
    const r = runCli(['tail', log, '--profile', 'bare'], keyless);
    expect(r.stderr).toBe('lambdalens: 1 invocation (1 incomplete) from 1 function, 0 cold starts\n');
    expect(r.code).toBe(0);
  });
});

describe('the endpoint', () => {
  const listed = (r: { stdout: string }) =>
    r.stdout
      .split('\n')
      .slice(1)
      .map((line) => line.split(/\s+/)[0]);

  it("is the profile's endpoint_url when nothing else sets one, by --profile or AWS_PROFILE", () => {
    for (const [args, env] of [
      [['--profile', 'dev'], files],
      [[], { ...files, AWS_PROFILE: 'dev' }],
    ] as const) {
      const r = runCli(['functions', fn, ...args], env);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(listed(r)).toEqual([fn, '']);
    }
  });

  it('is the service section’s for that service, over the profile’s own', () => {
    const r = runCli(['functions', fn, '--profile', 'split'], files);
    expect(r.stderr).toBe('');
    expect(listed(r)).toEqual([fn, '']);
  });

  it('--endpoint-url, then AWS_ENDPOINT_URL_LAMBDA, then AWS_ENDPOINT_URL, then the profile', () => {
    const dead = runCli(['functions', fn, '--profile', 'dead'], files);
    expect(dead.code).toBe(1);
    expect(dead.stderr.split('\n')[0]).toBe(
      'lambdalens: cannot reach the AWS endpoint for lambda:GetFunctionConfiguration: connect ECONNREFUSED 127.0.0.1:1',
    );
    for (const [args, env] of [
      [['--endpoint-url', endpoint()], { AWS_ENDPOINT_URL: DEAD }],
      [[], { AWS_ENDPOINT_URL_LAMBDA: endpoint(), AWS_ENDPOINT_URL: DEAD }],
      [[], { AWS_ENDPOINT_URL: endpoint() }],
    ] as const) {
      const r = runCli(['functions', fn, '--profile', 'dead', ...args], { ...files, ...env });
      expect(r.stderr).toBe('');
      expect(listed(r)).toEqual([fn, '']);
    }
  });

  it('that cannot be reached is named by where it was set: the flag, which variable, or which profile and file', () => {
    const refused =
      'lambdalens: cannot reach the AWS endpoint for lambda:GetFunctionConfiguration: connect ECONNREFUSED 127.0.0.1:1';
    for (const [args, env, source] of [
      [['--profile', 'dead'], files, `endpoint_url of profile "dead" in ${config}`],
      [['--profile', 'deadsection'], files, `lambda.endpoint_url of [services unreachable] in ${config}`],
      [[], { ...files, AWS_PROFILE: 'dead' }, `endpoint_url of profile "dead" in ${config}`],
      [['--endpoint-url', DEAD], { ...FAKE_AWS, AWS_ENDPOINT_URL: endpoint() }, '--endpoint-url'],
      [
        [],
        { ...FAKE_AWS, AWS_ENDPOINT_URL_LAMBDA: DEAD, AWS_ENDPOINT_URL: endpoint() },
        'AWS_ENDPOINT_URL_LAMBDA',
      ],
      [[], { ...FAKE_AWS, AWS_ENDPOINT_URL: DEAD }, 'AWS_ENDPOINT_URL'],
    ] as const) {
      const r = runCli(['functions', fn, ...args], env);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        `${refused}\nhint: the endpoint was set by ${source}: check it, and the network\n`,
      );
    }
  });
});

describe('the Region', () => {
  it("taken from the profile is named when a function is not found, as a flag's would be", () => {
    const missing = uniqueName('missing');
    for (const command of [
      ['functions', missing],
      ['logs', '-f', missing],
    ]) {
      const r = runCli([...command, '--profile', 'eu'], files);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        `lambdalens: Lambda function "${missing}" not found in eu-west-2. Check the name and the --region / --profile you are using.\n`,
      );
    }
  });

  it('malformed is refused at start naming what gave it: the flag, AWS_REGION or the profile', () => {
    const rule = "which is not an AWS Region name: use lowercase letters, digits and '-', like us-east-1";
    for (const [args, env, said] of [
      [['--region', 'us east'], FAKE_AWS, '--region is "us east"'],
      [[], { ...FAKE_AWS, AWS_REGION: 'US-EAST-1' }, 'AWS_REGION is "US-EAST-1"'],
      // AWS_REGION would win over the profile's Region.
      [['--profile', 'spaced'], {}, `region of profile "spaced" in ${config} is "us east"`],
    ] as const) {
      const r = runCli(['logs', '-f', fn, ...args], { ...files, ...env, AWS_ENDPOINT_URL: endpoint() });
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`lambdalens: ${said}, ${rule}\n`);
    }
  });
});

describe('a selection nothing matches', () => {
  it('by prefix or by tags, said in words with the Region', () => {
    const env = { ...FAKE_AWS, AWS_ENDPOINT_URL: endpoint() };
    const prefix = runCli(['logs', '-f', 'trawsZZ*'], env);
    expect(prefix.code).toBe(1);
    expect(prefix.stderr).toBe(
      'lambdalens: no Lambda function in us-east-1 has a name starting with "trawsZZ". Check the selection and the --region / --profile you are using.\n',
    );
    // Every function's tags are asked for: faster than the default 4 calls a second.
    const tags = runCli(['functions', '--tag', 'team=alpha', '--tag', 'env=none', '--rate', '100'], env);
    expect(tags.code).toBe(1);
    expect(tags.stderr).toBe(
      'lambdalens: no Lambda function in us-east-1 has the tags team=alpha, env=none. Check the selection and the --region / --profile you are using.\n',
    );
    const both = runCli(['functions', 'trawsZZ*', 'trawsYY*', '--tag', 'team=alpha'], env);
    expect(both.stderr).toBe(
      'lambdalens: no Lambda function in us-east-1 has a name starting with "trawsZZ" or "trawsYY" and the tag team=alpha. Check the selection and the --region / --profile you are using.\n',
    );
  });

  it('a prefix that selects nothing beside one that does is named, not passed over', async () => {
    const fn = uniqueName('sel');
    await createFunction(fn);
    const env = { ...FAKE_AWS, AWS_ENDPOINT_URL: endpoint() };
    const alone = runCli(['functions', `${fn}*`, '-o', 'json'], env);
    expect(alone.code).toBe(0);
    expect((JSON.parse(alone.stdout) as { functionName: string }[]).map((f) => f.functionName)).toEqual([fn]);
    const typo = runCli(['functions', `${fn}*`, `${fn}-typo*`], env);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toBe(
      `lambdalens: no Lambda function in us-east-1 has a name starting with "${fn}-typo". Check the selection and the --region / --profile you are using.\n`,
    );
  });
});

describe('a history window wholly in the future', () => {
  it('is refused at start, before any call (the endpoint is dead), naming the window and the time now', () => {
    const env = { ...FAKE_AWS, AWS_ENDPOINT_URL: DEAD };
    const iso = String.raw`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z`;
    const since = runCli(['logs', '-f', fn, '--since', '2030-01-01T00:00:00Z'], env);
    expect(since.code).toBe(2);
    expect(since.stderr).toMatch(
      new RegExp(
        String.raw`^lambdalens: --since 2030-01-01T00:00:00\.000Z is in the future \(it is now ${iso}\): a history read has nothing to read there yet\n`,
      ),
    );
    const window = runCli(
      ['logs', '-f', fn, '--since', '2030-01-01T00:00:00Z', '--until', '2030-01-02'],
      env,
    );
    expect(window.code).toBe(2);
    expect(window.stderr).toMatch(
      new RegExp(
        String.raw`^lambdalens: --since 2030-01-01T00:00:00\.000Z --until 2030-01-02T00:00:00\.000Z is in the future \(it is now ${iso}\)`,
      ),
    );
  });
});
