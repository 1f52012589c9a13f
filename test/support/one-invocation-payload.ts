/**
 * A CloudWatch Logs subscription payload, decoded (as a file of deliveries holds it), of one
 * invocation in `group`: 512 MB, 103 ms billed, on 2026-10-05. The cost tests write it under
 * a log group whose name whoever writes to it chose.
 */
export function oneInvocationPayload(group: string, requestId: string): string {
  const at = Date.parse('2026-10-05T10:00:00Z');
  const messages = [
    `START RequestId: ${requestId} Version: $LATEST\n`,
    `END RequestId: ${requestId}\n`,
    `REPORT RequestId: ${requestId}\tDuration: 102.25 ms\tBilled Duration: 103 ms\tMemory Size: 512 MB\tMax Memory Used: 80 MB\t\n`,
  ];
  return JSON.stringify({
    messageType: 'DATA_MESSAGE',
    owner: '123456789012',
    logGroup: group,
    logStream: '2026/10/05/[$LATEST]85defe209ed979fe8c44943533b78f73',
    subscriptionFilters: ['lambdalens-shipper'],
    // Event IDs of its own request: payloads of several requests never share one.
    logEvents: messages.map((message, i) => ({ id: `${requestId}-${i}`, timestamp: at + i, message })),
  });
}
