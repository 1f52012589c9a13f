/**
 * Every block of the real log samples, folded into invocations, with each value the
 * sample states checked by hand against the sample text.
 */
import { describe, expect, it } from 'vitest';
import { createCorrelator } from '../../collectors/correlator/correlator.ts';
import type { Invocation } from '../../collectors/model.ts';
import { blockEvents, type ExpectedInvocation, fixtureBlocks, invocationRow } from './fixture-blocks.ts';

/** [block index, lines belonging to no invocation, invocations in completion order]. */
// biome-ignore format: one row per invocation reads like the samples file it mirrors
const EXPECTED: [number, number, ExpectedInvocation[]][] = [
  // text; 2014 format: START has no 'Version:' field; 100 ms billing era (Billed 800 for 718.65 ms)
  [0, 0, [
      ['a0537bcb-712d-11e4-8c97-af075a3c0929', 'success', null, false, 718.65, 800, 128, 14, null, null, null, null, 5],
  ]],
  // text inside CloudWatch event JSON: raw message keeps tabs, a space before the tab after 'Billed Dura
  [1, 0, [
      ['4ce9340a-b765-490f-ad8a-02ab3415e2bf', 'success', null, false, 26.73, 27, 128, 75, null, null, null, null, 2],
  ]],
  // text; tab-separated; Init Duration + XRAY suffix on the same line; 100 ms billing era (Billed 200 fo
  [2, 0, [
      ['c793869b-ee49-115b-a5b6-4fd21e8dedac', 'success', null, true, 128.83, 200, 128, 74, 166.62, null, null, '1-5d9d007f-0a8c7fd02xmpl480aed55ef0', 2],
  ]],
  // text; 1 ms billing; trailing tab after Init Duration; XRAY suffix on a second line
  [3, 0, [
      ['dbda340c-xmpl-4031-8810-11bb609b4c71', 'success', null, true, 38.66, 39, 128, 54, 203.69, null, null, '1-5e7d7595-212fxmpl9ee07c4884191322', 3],
  ]],
  // text; cold start with Init Duration (not billed: 198.50 -> 200 ms under 100 ms rounding)
  [4, 0, [
      ['6bc28136-xmpl-4365-b021-0ce6b2e64ab0', 'success', null, true, 198.5, 200, 512, 90, 524.75, null, null, null, 2],
  ]],
  // text; space-separated rendering (console/doc copy); XRAY on second line
  [5, 0, [
      ['8f507cfc-xmpl-4697-b07a-ac58fc914c95', 'success', null, true, 15.74, 16, 128, 56, 130.49, null, null, '1-5e34a614-10bdxmplf1fb44f07bc535a1', 3],
  ]],
  // text; single-spaced rendering; cold start with Init Duration + XRAY suffix; init not billed (pre-Aug
  [6, 0, [
      ['d5d410e5-7406-5a1b-888e-4aa7492a313d', 'incomplete', null, false, null, null, null, null, null, null, null, null, 2],
      ['8fc6f963-411b-58b5-8483-a32130c0f45d', 'success', null, true, 201.67, 202, 2048, 81, 480.25, null, null, '1-61c86fa4-59b3c6d959653c527fd10966', 1],
  ]],
  // text; real CloudWatch event message with tabs, trailing tab, newline, XRAY line with trailing tab an
  [7, 0, [
      ['fe1467d6-1458-4e20-8e40-9aaa4be7a0f4', 'success', null, false, 3470.65, 3500, 128, 89, null, null, null, '1-5d8bba5a-dc2932496a65bab91d2d42d4', 2],
  ]],
  // text; custom runtime: Init Duration IS included in Billed Duration (4.42 + 333.05 -> 338 ms) even be
  // Each REPORT has no START: the console's time row before it is its line.
  [8, 0, [
      ['f949935c-0f0e-4718-9976-9df42585adb5', 'success', null, false, 2.05, 3, 1152, 76, null, null, null, null, 2],
      ['89ba7dfa-72d1-4ad7-9dac-2214d1698697', 'success', null, true, 4.42, 338, 1152, 75, 333.05, null, null, null, 2],
  ]],
  // text; Init Duration + XRAY; zip managed runtime BEFORE the Aug-2025 change: init not billed (363.49
  [9, 0, [
      ['c421f663-0e83-4ec1-8c09-56f40ed74ea1', 'success', null, true, 363.49, 364, 128, 124, 1488.71, null, null, '1-6887bc24-69a702443d9e988c3411ef70', 1],
  ]],
  // text; INIT_START + START/END/REPORT cold then warm (separators rendered as spaces in this capture)
  [10, 0, [
      ['eb5ea470-b2c6-4739-9c47-cc770c36fea6', 'success', null, true, 1013.31, 1014, 128, 46, 111.94, null, null, null, 4],
      ['a719c94f-0532-4394-b47d-28595a7b3105', 'success', null, false, 665.52, 666, 128, 47, null, null, null, null, 3],
  ]],
  // text; INIT_START as documented by AWS
  [11, 1, [

  ]],
  // text; timeout, old style: REPORT then 'Task timed out after N.NN seconds' line; 100 ms era
  [12, 0, [
      ['b47cde10-029a-11e6-b5d6-1f01b70b94b2', 'timeout', null, false, 120000.64, 120000, 128, 23, null, null, null, null, 4],
  ]],
  // text; timeout on a cold start; Billed Duration capped at the configured timeout (300000) although Du
  [13, 0, [
      ['dbb585bb-3a54-4d1a-a690-54e5085c55f8', 'timeout', null, true, 300099.78, 300000, 128, 28, 170.57, null, null, null, 3],
  ]],
  // text; the stand-alone timeout event message as delivered to a CloudWatch subscription
  [14, 0, [
      ['7c9567b5-107b-4a6c-8798-0157ac21db52', 'timeout', null, false, null, null, null, null, null, null, null, null, 1],
  ]],
  // text; timeout error message as shown in AWS troubleshooting docs
  [15, 1, [

  ]],
  // text; new style: REPORT carries 'Status: timeout'; no separate 'Task timed out' line
  [16, 0, [
      ['527cb862-4f5e-49a9-9ae4-a7edc90f0fda', 'timeout', null, true, 3016.78, 3101, 128, 31, 84, null, null, null, 3],
  ]],
  // text; out-of-memory, old style: Max Memory Used (129 MB) exceeds Memory Size (128 MB)
  [17, 0, [
      ['16f8d3a2-26fc-11e8-bca6-73dbc61c39e7', 'oom', null, false, 24792.85, 24800, 128, 129, null, null, null, null, 2],
  ]],
  // text; high memory then OOM kill reported as 'Runtime exited with error: signal: killed' + 'Runtime.E
  [18, 0, [
      ['fa60295b-85a2-495a-a7e2-da5c85a5eb1e', 'success', null, false, 19266.38, 19267, 2688, 2581, null, null, null, null, 1],
      ['7102cad9-db37-4b26-b9c9-123665f50123', 'crash', 'Runtime.ExitError', false, null, null, null, null, null, null, null, null, 4],
  ]],
  // text; old style crash: separate 'Error: Runtime exited without providing a reason' + 'Runtime.ExitEr
  [19, 0, [
      ['c3252230-c73d-49f6-8844-968c01d1e2e1', 'crash', 'Runtime.ExitError', false, 933.59, 934, 128, 9, null, null, null, null, 5],
  ]],
  // text; new style: 'Status: error Error Type: Runtime.ExitError' appended to REPORT
  [20, 0, [
      ['5b866fb1-7154-4af6-8078-6ef6ca4c2ddd', 'crash', 'Runtime.ExitError', true, 133.61, 214, 128, 31, 80, null, null, null, 3],
  ]],
  // text; Node.js heap OOM line (one of the runtime-specific OOM strings Datadog matches)
  [21, 0, [
      ['7c9567b5-107b-4a6c-8798-0157ac21db52', 'oom', null, false, null, null, null, null, null, null, null, null, 1],
  ]],
  // text; INIT_REPORT for init error and init timeouts, phase init vs invoke (suppressed init retried in
  // What the framework prints while loading, before each INIT_REPORT, is its cold start's;
  // the init tried again in the invoke phase is the one that served the request.
  [22, 0, [
      ['6ac612a0-e087-4921-af5b-36243d4bb5ac', 'timeout', null, true, 3045.79, 3000, 128, 23, 3003.83, null, null, null, 7],
      ['19b5362c-0c19-4fe6-9b90-d8ab73782141', 'timeout', null, true, null, null, null, null, 3003.39, null, null, null, 6],
  ]],
  // text; INIT_REPORT as documented (single-space rendering)
  [23, 2, [

  ]],
  // text; SnapStart RESTORE_REPORT failure forms
  [24, 2, [

  ]],
  // text; SnapStart REPORT with Restore Duration + Billed Restore Duration (field order after Max Memory
  [25, 0, [
      ['55bc566d-1e2c-11e7-93e6-6705ceb4c1cc', 'success', null, true, 469.4, 500, 1024, 21, null, 474.16, 75, null, 3],
  ]],
  // json (Logs API, superseded): platform.start / platform.end
  [26, 0, [
      ['6f7f0961f83442118a7af6fe80b88d56', 'incomplete', null, false, null, null, null, null, null, null, null, null, 2],
  ]],
  // json (Logs API): platform.report with initDurationMs; 100 ms era (101.51 -> 300 billed is the doc's
  [27, 0, [
      ['6f7f0961f83442118a7af6fe80b88d56', 'success', null, true, 101.51, 300, 512, 33, 116.67, null, null, null, 1],
  ]],
  // json (Logs API): platform.fault (crash/OOM record)
  [28, 0, [
      ['d783b35e-a91d-4251-af17-035953428a2c', 'crash', null, false, null, null, null, null, null, null, null, null, 1],
  ]],
  // json (Logs API): platform.runtimeDone status timeout
  [29, 0, [
      ['6f7f0961f83442118a7af6fe80b88', 'timeout', null, false, null, null, null, null, null, null, null, null, 1],
  ]],
  // json (Telemetry API / JSON log format): platform.initStart
  [30, 1, [

  ]],
  // json: platform.initReport
  [31, 1, [

  ]],
  // json: platform.start with tracing (X-Amzn-Trace-Id)
  [32, 0, [
      ['6d68ca91-49c9-448d-89b8-7ca3e6dc66aa', 'incomplete', null, false, null, null, null, null, null, null, null, '1-62e900b2-710d76f009d6e7785905449a', 1],
  ]],
  // json: platform.runtimeDone with status, tracing, spans, metrics (durationMs, producedBytes)
  [33, 0, [
      ['6d68ca91-49c9-448d-89b8-7ca3e6dc66aa', 'incomplete', null, false, null, null, null, null, null, null, null, '1-62e900b2-710d76f009d6e7785905449a', 1],
  ]],
  // json (Telemetry API records, compact): initStart, initRuntimeDone, initReport, restoreStart, restore
  [34, 0, [
      ['459921b5-681c-4a96-beb0-81e0aa586026', 'success', null, true, 2599.4, 2600, 128, 94, 549.04, 150.5, null, '1-6352a70e-1e2c502e358361800241fd45', 9],
      ['13d1305b-a2f5-440c-bfbe-686ccff3d3e0', 'success', null, false, 1.148, null, null, null, null, null, null, null, 1],
  ]],
  // json: platform.initStart with runtimeVersion/runtimeVersionArn/functionName/functionVersion (batch a
  [35, 1, [

  ]],
  // json: platform.runtimeDone and platform.report with status, empty spans, tracing
  [36, 0, [
      ['459921b5-681c-4a96-beb0-81e0aa586026', 'success', null, true, 2599.4, 2600, 128, 94, 549.04, null, null, '1-6352a70e-1e2c502e358361800241fd45', 2],
  ]],
  // json: Lambda Managed Instances platform.report (2026-01-08) — no billedDurationMs / memorySizeMB / m
  [37, 0, [
      ['4f423807-598d-47ae-9652-4f7ee31d4d10', 'success', null, false, 2.524, null, null, null, null, null, null, null, 1],
  ]],
  // json (CloudWatch JSON log format): app log + platform.start + platform.runtimeDone (responseLatency/
  [38, 0, [
      ['d661f7cf-9208-46b9-85b0-213b04a91065', 'success', null, true, 147.156, 201, 512, 91, null, 500.795, 53, null, 4],
  ]],
  // json (real CloudWatch LoggingConfig=JSON system logs, AFTER Aug-2025): initStart with functionName/i
  [39, 0, [
      ['79b5e81f-9cdd-4145-b1f6-7c50ef8a2a36', 'success', null, true, 1233.96, 1698, 256, 123, 463.512, null, null, null, 3],
      ['f0c9f58b-8ebe-4e84-a656-95eb6eee865a', 'success', null, false, 1072.145, 1073, 256, 125, null, null, null, null, 2],
  ]],
  // json: platform.runtimeDone record body with status timeout (Lambda Managed Instances RAPID)
  [40, 0, [
      ['REQUEST_ID', 'timeout', null, false, null, null, null, null, null, null, null, '1-5759e988-bd862e3fe1be46a994272793', 1],
  ]],
  // json: platform.initRuntimeDone record body, initializationType lambda-managed-instances, status erro
  [41, 1, [

  ]],

];

function fold(index: number): {
  invocations: Invocation[];
  unattributed: number;
  events: number;
  attributed: number;
} {
  const block = fixtureBlocks()[index];
  if (!block) throw new Error(`no block ${index}`);
  const correlator = createCorrelator();
  const invocations: Invocation[] = [];
  for (const event of blockEvents(block)) invocations.push(...correlator.push(event).completed);
  invocations.push(...correlator.flush());
  const stats = correlator.stats();
  return { ...stats, invocations };
}

describe('real log samples', () => {
  it('covers every block of the samples file', () => {
    expect(EXPECTED.map(([index]) => index)).toEqual(fixtureBlocks().map((b) => b.index));
  });

  for (const [index, unattributed, expected] of EXPECTED) {
    const block = fixtureBlocks()[index];
    it(`block ${index}: ${block?.variant.slice(0, 80)}`, () => {
      const result = fold(index);
      const actual = result.invocations.map(invocationRow);
      expect(actual).toEqual(expected);
      expect(result.unattributed).toBe(unattributed);
      expect(result.attributed + result.unattributed).toBe(result.events);
    });
  }
});
