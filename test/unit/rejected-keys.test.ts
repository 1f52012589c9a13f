/**
 * Amazon OpenSearch's answers to a request signed with keys it refuses: the words are the
 * service's own (the same the AWS log APIs give, see test/e2e/aws-rejected-credentials.test.ts),
 * and a permission refusal (good keys, no privilege) is told apart from them.
 */
import { describe, expect, it } from 'vitest';
import { LambdalensError, settingError } from '../../collectors/kernel/index.ts';
import { classifyBulkReply } from '../../shippers/bulk-outcome.ts';
import type { ClusterReply } from '../../shippers/cluster.ts';
import { SearchRequestError } from '../../shippers/elasticsearch/search-client.ts';
import { REJECTED_KEYS_HINT, rejectedKeysCode } from '../../shippers/rejected-keys.ts';

const INVALID_TOKEN = { message: 'The security token included in the request is invalid.' };
const EXPIRED_TOKEN = { message: 'The security token included in the request is expired' };
const BAD_SIGNATURE = {
  message:
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
};
const NOT_ALLOWED = {
  message:
    'User: arn:aws:sts::123456789012:assumed-role/shipper/s is not authorized to perform: es:ESHttpPost because no identity-based policy allows the es:ESHttpPost action',
};

const reply = (status: number, body: unknown, headers: Record<string, string> = {}): ClusterReply => ({
  kind: 'answer',
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body,
  fromEngine: true,
});

describe('rejectedKeysCode', () => {
  it('reads the code from the message the service writes for each kind of refused key', () => {
    expect(rejectedKeysCode(403, {}, INVALID_TOKEN)).toBe('UnrecognizedClientException');
    expect(rejectedKeysCode(403, {}, EXPIRED_TOKEN)).toBe('ExpiredTokenException');
    expect(rejectedKeysCode(403, {}, BAD_SIGNATURE)).toBe('InvalidSignatureException');
    expect(rejectedKeysCode(401, {}, { Message: INVALID_TOKEN.message })).toBe('UnrecognizedClientException');
  });

  it('reads the x-amzn-errortype header, whatever the body kept', () => {
    const header = {
      'x-amzn-errortype':
        'InvalidSignatureException:http://internal.amazon.com/coral/com.amazon.coral.service/',
    };
    expect(rejectedKeysCode(403, header, '<html>Forbidden</html>')).toBe('InvalidSignatureException');
    expect(rejectedKeysCode(403, { 'x-amzn-errortype': 'ExpiredTokenException' }, null)).toBe(
      'ExpiredTokenException',
    );
  });

  it('is null for a permission refusal, another status, or an answer without the words', () => {
    expect(rejectedKeysCode(403, {}, NOT_ALLOWED)).toBeNull();
    expect(rejectedKeysCode(403, { 'x-amzn-errortype': 'AccessDeniedException' }, NOT_ALLOWED)).toBeNull();
    expect(rejectedKeysCode(500, {}, INVALID_TOKEN)).toBeNull();
    expect(rejectedKeysCode(400, { 'x-amzn-errortype': 'InvalidSignatureException' }, null)).toBeNull();
    expect(rejectedKeysCode(403, {}, null)).toBeNull();
    expect(rejectedKeysCode(403, {}, { message: 42 })).toBeNull();
    expect(rejectedKeysCode(403, {}, 'The security token included in the request is invalid.')).toBeNull();
  });
});

describe('a bulk answer that refused the keys', () => {
  it('stops the run marked as a matter of the keys, quoting the service', () => {
    expect(classifyBulkReply(reply(403, BAD_SIGNATURE), 2, 'OpenSearch')).toEqual({
      kind: 'refused',
      cause: `OpenSearch refused the AWS keys the requests were signed with (InvalidSignatureException: HTTP 403 (application/json) with ${JSON.stringify(JSON.stringify(BAD_SIGNATURE))})`,
      keys: true,
    });
  });

  it('a permission refusal stays a refusal of the credentials, not of the keys', () => {
    const outcome = classifyBulkReply(reply(403, NOT_ALLOWED), 2, 'OpenSearch');
    expect(outcome.kind).toBe('refused');
    expect(outcome).not.toHaveProperty('keys');
  });
});

describe('a request error that met refused keys', () => {
  it('says a setting must change, with what to check, however deep a step wrapped it', () => {
    const met = new SearchRequestError('response', 'HTTP 403: The request signature…', {
      status: 403,
      body: BAD_SIGNATURE,
    });
    expect(met.setting).toBe(true);
    expect(met.hint).toBe(REJECTED_KEYS_HINT);
    const wrapped = new LambdalensError('installing index template "x" failed', {
      cause: new Error('retrying failed', { cause: met }),
    });
    expect(settingError(wrapped)).toBe(met);
  });

  it('a permission refusal, a server error or a lost connection says no such thing', () => {
    const refusals = [
      new SearchRequestError('response', 'HTTP 403', { status: 403, body: NOT_ALLOWED }),
      new SearchRequestError('response', 'HTTP 500', { status: 500, body: INVALID_TOKEN }),
      new SearchRequestError('connection', 'connection failed', {}),
    ];
    for (const err of refusals) {
      expect(err.setting).toBe(false);
      expect(settingError(new LambdalensError('step failed', { cause: err }))).toBeNull();
    }
  });
});
