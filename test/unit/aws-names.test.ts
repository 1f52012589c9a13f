/**
 * AWS names read from logs are taken only in their shape: a Region's name and a twelve-digit
 * account ID, from a function ARN, a subscription payload's owner and an Insights `@log`.
 */
import { describe, expect, it } from 'vitest';
import { isAccountId, isRegionName } from '../../collectors/aws-names.ts';
import { payloadEvents } from '../../collectors/cloudwatch-logs/subscription-payload.ts';
import { partsOfArn } from '../../collectors/correlator/open-invocation.ts';
import { eventOfRow } from '../../collectors/files/insights-rows.ts';

describe('the shapes of AWS names', () => {
  it('an account ID is twelve digits, leading zeros kept', () => {
    expect(['825765399535', '012345678901'].map(isAccountId)).toEqual([true, true]);
    expect(['82576539953', '8257653995350', '82576539953S', '', ' 825765399535'].map(isAccountId)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(['us-east-1', 'us-gov-west-1', 'eu-NaNwest-1', 'us-east'].map(isRegionName)).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });

  it('a function ARN gives its account only in that shape, and its name and Region still', () => {
    expect(partsOfArn('arn:aws:lambda:eu-central-1:825765399535:function:tenner-notifier')).toEqual({
      region: 'eu-central-1',
      accountId: '825765399535',
      functionName: 'tenner-notifier',
    });
    expect(partsOfArn('arn:aws:lambda:eu-central-1:8257653995X5:function:tenner-notifier')).toEqual({
      region: 'eu-central-1',
      accountId: null,
      functionName: 'tenner-notifier',
    });
  });

  it("a subscription payload's owner, and an Insights @log's account, only in that shape", () => {
    const payload = (owner: string) =>
      payloadEvents({
        messageType: 'DATA_MESSAGE',
        owner,
        logGroup: '/aws/lambda/a',
        logStream: 's',
        subscriptionFilters: [],
        logEvents: [{ id: '1', timestamp: 1, message: 'hello' }],
      })[0]?.accountId;
    expect([payload('825765399535'), payload('1'), payload('825765399535 ')]).toEqual([
      '825765399535',
      undefined,
      undefined,
    ]);
    const row = (log: string) => {
      const event = eventOfRow({ message: 'hello', log }, { functionName: undefined });
      return [event?.logGroup, event?.accountId];
    };
    expect(row('825765399535:/aws/lambda/a')).toEqual(['/aws/lambda/a', '825765399535']);
    expect(row('82576539:/aws/lambda/a')).toEqual(['/aws/lambda/a', undefined]);
  });
});
