/**
 * The one scrubbing everything the CLI says passes through: the credentials a run is given
 * (flags, environment, AWS files) registered once, and every write to stderr, text or
 * bytes, scrubbed of them. The terminal UI's status bar passes it too.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  awsFileSecrets,
  registerAwsCredentials,
  registerRunCredentials,
  scrubbed,
  scrubWrites,
} from '../../cli/output/diagnostics.ts';
import { statusLines } from '../../cli/tui/chrome-lines.ts';
import { UNICODE_GLYPHS } from '../../cli/tui/glyphs.ts';
import { storeOf } from './tui/helpers.tsx';

const base64 = (text: string) => Buffer.from(text).toString('base64');
const NO_FILES = { AWS_SHARED_CREDENTIALS_FILE: '/nonexistent', AWS_CONFIG_FILE: '/nonexistent' };

describe('the credentials of a run', () => {
  it('a URL flag: the password, the pair and its base64, as written and decoded', () => {
    registerRunCredentials({ to: 'https://bob:p%40ss-w0rd@search.example:9200' }, NO_FILES);
    expect(
      scrubbed(
        'p@ss-w0rd | p%40ss-w0rd | bob:p@ss-w0rd | bob:p%40ss-w0rd | ' +
          `Basic ${base64('bob:p@ss-w0rd')} | ftp://x:y@h`,
      ),
    ).toBe('*** | *** | *** | *** | Basic *** | ftp://***@h');
  });

  it('a password and an API key from the variables the flags name', () => {
    registerRunCredentials(
      { username: 'carol', passwordEnv: 'MY_PW', apiKeyEnv: 'MY_KEY' },
      { ...NO_FILES, MY_PW: 'carols-secret', MY_KEY: base64('kid:key-secret-1') },
    );
    expect(scrubbed(`carol:carols-secret ${base64('carol:carols-secret')} carols-secret`)).toBe(
      '*** *** ***',
    );
    expect(scrubbed(`ApiKey ${base64('kid:key-secret-1')} kid:key-secret-1 key-secret-1`)).toBe(
      'ApiKey *** *** ***',
    );
  });

  it('ES_URL, ES_USERNAME/ES_PASSWORD and ES_API_KEY from the environment', () => {
    registerRunCredentials(
      {},
      {
        ...NO_FILES,
        ES_URL: 'http://dave:url-secret@h:9200',
        ES_USERNAME: 'erin',
        ES_PASSWORD: 'env-secret',
        ES_API_KEY: 'plain-api-key',
      },
    );
    expect(scrubbed(`url-secret ${base64('dave:url-secret')} erin:env-secret plain-api-key`)).toBe(
      '*** *** *** ***',
    );
  });

  it('AWS secret keys and session tokens from the environment and every profile of the files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'diag-'));
    const credentials = join(dir, 'credentials');
    const config = join(dir, 'config');
    writeFileSync(
      credentials,
      '[default]\naws_access_key_id = AKIAEXAMPLEEXAMPLE12\naws_secret_access_key = fileSecretKey0123456789abcdef\n\n' +
        '[other]\r\naws_session_token=fileSessionToken/0123456789+abc==\r\n',
    );
    writeFileSync(
      config,
      '[profile p]\nregion = eu-west-1\naws_secret_access_key = configSecret0123456789xyz\n',
    );
    registerRunCredentials(
      {},
      {
        AWS_SHARED_CREDENTIALS_FILE: credentials,
        AWS_CONFIG_FILE: config,
        AWS_SECRET_ACCESS_KEY: 'envSecretKey0123456789abcdef',
        AWS_SESSION_TOKEN: 'envSessionToken/0123456789+xyz==',
      },
    );
    expect(
      scrubbed(
        'fileSecretKey0123456789abcdef fileSessionToken/0123456789+abc== configSecret0123456789xyz ' +
          `envSecretKey0123456789abcdef envSessionToken/0123456789+xyz== ${encodeURIComponent('envSessionToken/0123456789+xyz==')} AKIAEXAMPLEEXAMPLE12`,
      ),
    ).toBe('*** *** *** *** *** *** AKIA****');
  });

  it('AWS credentials the SDK resolves mid-run: the secret key and the session token, as in the files', () => {
    registerAwsCredentials({
      secretAccessKey: 'resolvedSecret0123456789abcdef',
      sessionToken: 'resolvedToken/0123456789+abc==',
    });
    registerAwsCredentials({ secretAccessKey: 'testingtoo' });
    expect(
      scrubbed(
        `resolvedSecret0123456789abcdef resolvedToken/0123456789+abc== ${encodeURIComponent('resolvedToken/0123456789+abc==')} testingtoo`,
      ),
    ).toBe('*** *** *** testingtoo');
  });

  it('a stand-in shorter than any AWS secret (moto’s `testing`) is left alone', () => {
    registerRunCredentials({}, { ...NO_FILES, AWS_SECRET_ACCESS_KEY: 'testing' });
    expect(scrubbed('testing the log group /aws/lambda/testing-fn')).toBe(
      'testing the log group /aws/lambda/testing-fn',
    );
  });

  it('reads both keys, whatever their spacing and case, and nothing else', () => {
    expect(
      awsFileSecrets(
        '[a]\nAWS_SECRET_ACCESS_KEY=  k1  \naws_session_token = t 2\naws_access_key_id = id\n# x\n',
      ),
    ).toEqual(['k1', 't 2']);
  });
});

describe('stderr scrubs everything written to it', () => {
  function fakeStream() {
    const written: unknown[] = [];
    const stream = {
      write(chunk: unknown, ...rest: unknown[]) {
        written.push(chunk);
        const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
        callback?.();
        return true;
      },
    } as unknown as NodeJS.WriteStream;
    scrubWrites(stream);
    return { stream, written };
  }

  it('text, bytes that hold a credential, and bytes that do not (passed as they are)', () => {
    registerRunCredentials({ esUrl: 'http://frank:stream-secret@h' }, NO_FILES);
    const { stream, written } = fakeStream();
    let called = 0;
    stream.write('warning: frank:stream-secret refused\n', () => called++);
    const clean = Buffer.from('é ok\n');
    stream.write(Buffer.from(`retrying: Basic ${base64('frank:stream-secret')}\n`), () => called++);
    stream.write(clean);
    expect(written).toEqual(['warning: *** refused\n', 'retrying: Basic ***\n', clean]);
    expect(written[2]).toBe(clean);
    expect(called).toBe(2);
  });
});

describe("the terminal UI's status bar", () => {
  it('scrubs a note, an input problem, a captured message and a failure before showing them', () => {
    registerRunCredentials({ esUrl: 'http://gina:bar-secret@h' }, NO_FILES);
    const store = storeOf([]);
    store.setSource({
      notes: { count: 1, first: 'X-Ray said gina:bar-secret' },
      problems: { errors: 0, warnings: 1, latest: 'in.log: line 3 quotes bar-secret' },
      messages: { count: 1, latest: `a library wrote Basic ${base64('gina:bar-secret')}` },
      failure: 'GetLogEvents failed: bar-secret',
    });
    const [first] = statusLines({
      snapshot: store.snapshot(),
      shown: 0,
      paused: false,
      pendingWhilePaused: 0,
      glyphs: UNICODE_GLYPHS,
    });
    const bar = first.map((p) => p.text).join('');
    expect(bar).toContain('! input: 0 unreadable, 1 warnings (in.log: line 3 quotes ***) · ');
    expect(bar).toContain('! X-Ray said *** · ');
    expect(bar).toContain('1 message (a library wrote Basic ***) · ');
    expect(bar).toContain('input failed: GetLogEvents failed: ***');
    expect(bar).not.toContain('bar-secret');
  });
});
