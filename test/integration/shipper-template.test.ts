/** The deploy template is checked by the real cfn-lint (from PyPI), not by string matching alone. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isValidPrefix, PREFIX_RULE } from '../../shippers/index-names.ts';

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

  it('takes the index prefixes the function takes, and says the rule with its length limit', () => {
    const text = readFileSync(template, 'utf8');
    const parameter = /\n {2}IndexPrefix:\n((?: {4}.*\n)+)/.exec(text)?.[1] ?? '';
    const pattern = new RegExp(/AllowedPattern: "(.*)"/.exec(parameter)?.[1] ?? 'none');
    const maxLength = Number(/MaxLength: (\d+)/.exec(parameter)?.[1]);
    const allowed = (prefix: string) => pattern.test(prefix) && prefix.length <= maxLength;
    for (const prefix of ['lambdalens', 'a'.repeat(101), 'a'.repeat(102), 'Logs', '-logs', 'a.b_c-1', '']) {
      expect(allowed(prefix), prefix).toBe(isValidPrefix(prefix));
    }
    expect(parameter).toContain(`ConstraintDescription: ${PREFIX_RULE}\n`);
  });

  it('scopes the invoke permission to the prefix and excludes the shipper from the account policy', () => {
    const text = readFileSync(template, 'utf8');
    expect(text).toContain(`log-group:\${LogGroupPrefix}*`);
    expect(text).toContain(`LogGroupName NOT IN ["\${ShipperLogGroup}"]`);
    expect(text.match(/AWS::Lambda::Permission/g)).toHaveLength(1);
  });

  it('gives Amazon OpenSearch targets least privilege and no secret, and runs in a VPC only when given subnets', () => {
    const text = readFileSync(template, 'utf8');
    // A domain: POST to its _bulk, and GET the prefix's invocation index names (the
    // INDEX_PERIOD check), nothing else, in this account and Region.
    expect(text).toContain('Action: es:ESHttpPost');
    expect(text).toContain(
      `Resource: !Sub arn:\${AWS::Partition}:es:\${AWS::Region}:\${AWS::AccountId}:domain/\${OpenSearchDomainName}/_bulk`,
    );
    expect(text.match(/Action: es:ESHttp\w+/g)).toEqual(['Action: es:ESHttpPost', 'Action: es:ESHttpGet']);
    expect(text).toContain(
      `Resource: !Sub arn:\${AWS::Partition}:es:\${AWS::Region}:\${AWS::AccountId}:domain/\${OpenSearchDomainName}/_cat/indices/\${IndexPrefix}-invocations-*`,
    );
    expect(text).not.toMatch(/es:ESHttp\*|es:\*/);
    // A collection: IAM reaches it; the data access policy grants write, create-index and describe-index on the prefix only.
    expect(text).toContain('Action: aoss:APIAccessAll');
    expect(text).toContain(`"Resource":["index/\${ServerlessCollectionName}/\${IndexPrefix}-*"]`);
    expect(text).toContain('"Permission":["aoss:WriteDocument","aoss:CreateIndex","aoss:DescribeIndex"]');
    expect(text).toContain(`"Principal":["\${ShipperRole.Arn}"]`);
    // Signed targets read no secret; VPC settings apply only with subnets.
    expect(text).toContain('ES_SECRET_ARN: !If [HasSecret, !Ref ElasticsearchSecretArn, !Ref AWS::NoValue]');
    expect(text).toContain(
      'AWS_SIGV4_SERVICE: !If [AmazonDomain, es, !If [AmazonServerless, aoss, !Ref AWS::NoValue]]',
    );
    expect(text).toContain('InVpc: !Not [!Equals [!Join ["", !Ref VpcSubnetIds], ""]]');
  });

  it('is caught by cfn-lint when a target setting is wrong (the VPC block as well)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'll-cfn-'));
    const broken = join(dir, 'template.yaml');
    writeFileSync(
      broken,
      readFileSync(template, 'utf8').replace(
        'SecurityGroupIds: !Ref VpcSecurityGroupIds',
        'SecurityGroups: !Ref VpcSecurityGroupIds',
      ),
    );
    const run = lint(broken);
    expect(run.status).not.toBe(0);
    expect(run.stdout).toContain('SecurityGroups');
  });
});
