import { describe, expect, it } from 'vitest';
import { emptyInvocation, functionNameFromLogGroup } from '../../collectors/model.ts';

describe('model', () => {
  it('starts an invocation incomplete with every value unknown', () => {
    const inv = emptyInvocation('r-1');
    expect(inv.status).toBe('incomplete');
    expect(inv.durationMs).toBeNull();
    expect(inv.lines).toEqual([]);
  });
  it('derives the function name from a standard log group only', () => {
    expect(functionNameFromLogGroup('/aws/lambda/orders-api')).toBe('orders-api');
    expect(functionNameFromLogGroup('/shared/app-logs')).toBeNull();
  });
});
