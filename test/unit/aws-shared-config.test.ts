/** The AWS shared files as the AWS CLI reads them: profiles and nested blocks. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { awsClientConfig } from '../../collectors/aws/config.ts';
import { parseIni } from '../../collectors/aws/shared-config.ts';

function scratchFiles(configText: string, credentialsText = ''): NodeJS.ProcessEnv {
  const dir = mkdtempSync(join(tmpdir(), 'aws-files-'));
  writeFileSync(join(dir, 'config'), configText);
  writeFileSync(join(dir, 'credentials'), credentialsText);
  return { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') };
}

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
    expect(() => awsClientConfig({ profile: 'nosuch' }, env)).toThrow(
      `profile "nosuch" is not in ${env.AWS_CONFIG_FILE} or ${env.AWS_SHARED_CREDENTIALS_FILE} (they name 9 profiles; \`aws configure list-profiles\` lists them)`,
    );
  });
});
