import { describe, expect, it } from 'vitest';
import { transportRisks } from '../../shippers/elasticsearch/transport-risks.ts';

const apiKey = { kind: 'api-key', apiKey: 'c2VjcmV0LWtleQ==' } as const;
const PLAIN =
  'the credentials go to 10.1.2.3:9200 over plain HTTP, readable by anyone on the path: use https://';

describe('transportRisks', () => {
  it('names an unchecked certificate by host, whatever the credentials', () => {
    expect(transportRisks({ node: 'https://search.internal:9243', verifyTls: false })).toEqual([
      'TLS certificates of search.internal:9243 are not verified (--insecure or ES_TLS_VERIFY=false): anyone on the path can read and change what is sent, credentials included',
    ]);
    expect(transportRisks({ cloudId: 'x:eA==', verifyTls: false })[0]).toMatch(
      /^TLS certificates of the cluster are not verified/,
    );
  });

  it('names credentials sent to a remote host over plain HTTP, from auth or from the URL', () => {
    expect(transportRisks({ node: 'http://10.1.2.3:9200', auth: apiKey })).toEqual([PLAIN]);
    expect(transportRisks({ node: 'http://elastic:changeme@10.1.2.3:9200' })).toEqual([PLAIN]);
  });

  it('says nothing of a verified https node, of a loopback node, or of plain HTTP without credentials', () => {
    expect(transportRisks({ node: 'https://10.1.2.3:9200', auth: apiKey })).toEqual([]);
    expect(transportRisks({ node: 'https://10.1.2.3:9200', auth: apiKey, verifyTls: true })).toEqual([]);
    for (const node of ['http://127.0.0.1:9200', 'http://localhost:9200', 'http://[::1]:9200'])
      expect(transportRisks({ node, auth: apiKey }), node).toEqual([]);
    expect(transportRisks({ node: 'http://10.1.2.3:9200', auth: { kind: 'none' } })).toEqual([]);
    expect(transportRisks({ node: 'http://10.1.2.3:9200', verifyTls: false })).toEqual([]);
  });
});
