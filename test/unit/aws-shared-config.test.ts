/** The AWS shared files as the AWS CLI reads them: profiles, nested service blocks, endpoints in order. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { awsClientConfigs } from '../../collectors/aws/config.ts';
import { parseIni } from '../../collectors/aws/shared-config.ts';

function scratchFiles(configText: string, credentialsText = ''): NodeJS.ProcessEnv {
  const dir = mkdtempSync(join(tmpdir(), 'aws-files-'));
  writeFileSync(join(dir, 'config'), configText);
  writeFileSync(join(dir, 'credentials'), credentialsText);
  return { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') };
}

const endpoints = (c: ReturnType<typeof awsClientConfigs>) => [
  c.logs.endpoint,
  c.lambda.endpoint,
  c.xray.endpoint,
];

describe('the AWS shared files', () => {
  it('parses comments, nested blocks and CRLF as the SDK does', () => {
    const ini = parseIni(
      '# top\r\n[services s]\r\nlambda =\r\n  endpoint_url = http://l ; note\r\nregion=x\r\n[default]\r\nkey = a#b\r\n',
    );
    expect(Object.fromEntries(ini)).toEqual({
      'services s': { 'lambda.endpoint_url': 'http://l', region: 'x' },
      default: { key: 'a#b' },
    });
  });

  it('counts the profiles instead of listing them when there are many', () => {
    const names = Array.from({ length: 9 }, (_, i) => `p${i}`);
    const env = scratchFiles(names.map((n) => `[profile ${n}]\nregion = us-east-1\n`).join(''));
    expect(() => awsClientConfigs({ profile: 'nosuch' }, env)).toThrow(
      `profile "nosuch" is not in ${env.AWS_CONFIG_FILE} or ${env.AWS_SHARED_CREDENTIALS_FILE} (they name 9 profiles; \`aws configure list-profiles\` lists them)`,
    );
  });

  it('takes each service its endpoint in the documented order, and the profile Region', () => {
    const env = scratchFiles(
      '[profile dev]\nregion = eu-west-1\nendpoint_url = http://profile\nservices = local\n' +
        '[services local]\ncloudwatch_logs =\n  endpoint_url = http://logs-section\n',
    );
    const dev = awsClientConfigs({ profile: 'dev' }, env);
    expect(dev.region).toBe('eu-west-1');
    expect(endpoints(dev)).toEqual(['http://logs-section', 'http://profile', 'http://profile']);
    expect(dev.lambda).toMatchObject({ disableHostPrefix: true, ignoreConfiguredEndpointUrls: true });
    const byEnv = awsClientConfigs(
      { profile: 'dev' },
      { ...env, AWS_ENDPOINT_URL: 'http://env', AWS_ENDPOINT_URL_XRAY: 'http://xray-env' },
    );
    expect(endpoints(byEnv)).toEqual(['http://env', 'http://env', 'http://xray-env']);
    const byFlag = awsClientConfigs(
      { profile: 'dev', endpointUrl: 'http://flag' },
      { ...env, AWS_ENDPOINT_URL: 'http://env' },
    );
    expect(endpoints(byFlag)).toEqual(['http://flag', 'http://flag', 'http://flag']);
    const ignored = awsClientConfigs(
      { profile: 'dev' },
      { ...env, AWS_ENDPOINT_URL: 'http://env', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' },
    );
    expect(endpoints(ignored)).toEqual([undefined, undefined, undefined]);
    expect(ignored.lambda.disableHostPrefix).toBeUndefined();
  });

  it('names where a wrong endpoint or a missing services section was found', () => {
    const env = scratchFiles(
      '[profile bad]\nendpoint_url = localhost:4566\n[profile lost]\nservices = gone\n',
    );
    expect(() => awsClientConfigs({ profile: 'bad' }, env)).toThrow(
      `endpoint_url of profile "bad" in ${env.AWS_CONFIG_FILE}: "localhost:4566" is not an http(s) URL`,
    );
    expect(() => awsClientConfigs({ profile: 'lost' }, env)).toThrow(
      `services of profile "lost" in ${env.AWS_CONFIG_FILE} is "gone", but there is no [services gone] section in ${env.AWS_CONFIG_FILE}`,
    );
    expect(() => awsClientConfigs({}, { ...env, AWS_ENDPOINT_URL_LAMBDA: 'nope' })).toThrow(
      'AWS_ENDPOINT_URL_LAMBDA: "nope" is not an http(s) URL',
    );
  });

  it('refuses an sso_session whose section lacks its start URL or Region, and accepts a whole one', () => {
    const env = scratchFiles(
      '[profile empty]\nsso_session = bare\n[sso-session bare]\n[profile whole]\nsso_session = ok\n' +
        '[sso-session ok]\nsso_start_url = https://example.awsapps.com/start\nsso_region = eu-west-1\n',
    );
    expect(() => awsClientConfigs({ profile: 'empty' }, env)).toThrow(
      `sso_session of profile "empty" in ${env.AWS_CONFIG_FILE} is "bare", but [sso-session bare] in ${env.AWS_CONFIG_FILE} has no sso_start_url and no sso_region`,
    );
    expect(awsClientConfigs({ profile: 'whole' }, env).region).toBeUndefined();
  });
});
