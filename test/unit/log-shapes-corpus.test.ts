/**
 * The corpus of real shapes of Lambda log text (test/fixtures/log-shapes, each with its
 * source in SOURCES.txt), read the way every command reads input: detected, read, folded
 * into invocations. Each value was checked by hand against the sample's text.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createCorrelator } from '../../collectors/correlator/correlator.ts';
import { createInputReport, type InputReport, readLogEvents } from '../../collectors/files/read-inputs.ts';
import type { Invocation, InvocationStatus } from '../../collectors/model.ts';

const DIR = fileURLToPath(new URL('../fixtures/log-shapes/', import.meta.url));

type Expected = [
  requestId: string,
  status: InvocationStatus,
  errorType: string | null,
  coldStart: boolean,
  durationMs: number | null,
  billedDurationMs: number | null,
  memorySizeMB: number | null,
  maxMemoryUsedMB: number | null,
  initDurationMs: number | null,
  restoreDurationMs: number | null,
  billedRestoreDurationMs: number | null,
  traceId: string | null,
  lines: number,
];

/** [file, lines belonging to no invocation, invocations in completion order]. */
// biome-ignore format: one row per invocation
const EXPECTED: [string, number, Expected[]][] = [
["console-copy-iso-offset-tab.log", 0, [
  ["d3e0779a-5302-5e81-ab07-2b9776a557ad","success",null,true,457.54,489,512,45,30.55,null,null,null,12],
  ["6968b141-7b46-5c64-a8fd-ed4c5d54d369","incomplete",null,false,null,null,null,null,null,null,null,null,4],
]],
["firehose-transformation-event.json", 0, [
  ["d4937a71-f6f5-4846-9664-ada9022ddded","success",null,false,1.14,2,128,53,null,null,null,null,4],
]],
["get-query-results-ptr.json", 0, [
  ["33792b95-4e1f-4c69-a5f5-5dacea2067cd","success",null,true,25.98,100,512,54,1.01,null,null,null,1],
]],
["insights-ascii-report-fields.txt", 0, [
  ["763fa872-e093-44a3-83d6-4f90d4243ef7","success",null,false,14.68,15,null,null,null,null,null,null,1],
  ["1814be01-4e41-4242-9bbd-dcc72199f3ab","success",null,false,20.75,21,null,null,null,null,null,null,1],
  ["6232f3d9-7f51-4fee-b0e4-c601585ec724","success",null,false,59.63,60,null,null,null,null,null,null,1],
  ["857653aa-8fdd-4e65-b68f-09d78c75cebe","success",null,false,16.43,17,null,null,null,null,null,null,1],
  ["bf7b204b-0361-4b40-b2ee-100b03fe0a24","success",null,false,18.46,19,null,null,null,null,null,null,1],
  ["23b7ce8c-6935-41f5-a6f0-77c5361a2777","success",null,false,16.7,17,null,null,null,null,null,null,1],
]],
["insights-console-markdown-lambda.md", 1, [
  ["612ad94f-733f-4acf-a8b6-53e0eec679e6","success",null,true,2858.27,2859,1024,119,961.59,null,null,null,3],
  ["91c92f73-37ae-4b1d-8b83-77f557113654","success",null,true,3666.8,3667,1024,119,960.07,null,null,null,4],
]],
["insights-console-markdown-report-fields.md", 0, [
  ["aed443ac-f6df-48ce-bc7c-fc0513efbbba","success",null,true,2220.96,2221,1024,119,834.66,null,null,null,1],
  ["923b54a2-bd35-4d54-a9b9-90b36525a84a","success",null,true,2894.13,2895,1024,119,944.22,null,null,null,1],
]],
["insights-json-download.json", 0, [
  ["4725a167-21a7-5731-99c2-c3d0e3dfd770","timeout",null,false,180000,180000,1280,1201,null,null,null,null,1],
]],
["insights-markdown-message-only.md", 0, [
  ["2cfa6d4c-a5e1-4644-a04e-5cd98d6cc8bb","success",null,true,3.04,4,1024,38,158.38,null,null,null,6],
  ["2ae06306-26f7-4398-8937-ede9404f9a21","error","Exception",false,2.8,3,1024,39,null,null,null,null,5],
  ["2ae06306-26f7-4398-8937-ede9404f9a21","success",null,false,1.53,2,1024,39,null,null,null,null,5],
]],
["insights-result-row.json", 0, [
  ["33792b95-4e1f-4c69-a5f5-5dacea2067cd","success",null,true,25.98,100,512,54,1.01,null,null,null,1],
]],
["log-events-download.csv", 0, [
  ["dae59f59-e955-53d7-94e6-c3e2f855105c","success",null,true,5.2,6,128,57,162.18,null,null,null,5],
  ["6bd78cec-aa99-5456-87ca-d057bbf417dd","success",null,false,68.35,69,128,58,null,null,null,null,4],
  ["b4abbde5-c77b-5490-8f92-e15ed6d64060","success",null,false,28.25,29,128,58,null,null,null,null,4],
]],
["log-events-table-epoch-init-error.md", 2, [
  ["26e10f50-7c29-4927-9a1d-bc5317e8dfd1","error","Runtime.ImportModuleError",true,879.86,880,256,112,724.06,null,null,null,10],
  ["0e170f30-666c-450e-b4e2-20d0634b6c31","error","Runtime.ImportModuleError",true,588.45,589,256,112,496.09,null,null,null,6],
]],
["log-events-table-epoch.txt", 0, [
  ["xxx","success",null,true,0.5,100,512,23,3.14,null,null,null,4],
]],
["log-events-table-iso-offset.md", 0, [
  ["099f6dde-2105-4688-b4b2-cc92ad2105e4","error","Error",true,53.66,54,128,77,320.03,null,null,null,5],
]],
["s3-export-style-lines.log", 0, [
  ["405bb962-f57b-521d-81a1-e7272fbf6077","incomplete",null,true,null,null,null,null,null,null,null,null,6],
]],
["sls-logs-v1.log", 0, [
  ["5c6c0221-a493-11e8-88e8-cd6d1f1b5e45","success",null,false,214.69,300,128,41,null,null,null,null,5],
]],
["start-query-then-get-query-results.json", 0, [
  ["f612fbaf-65ce-4fd2-8d1b-6718fcb0b269","success",null,false,2.03,3,512,70,null,null,null,null,2],
]],

];

async function fold(
  file: string,
): Promise<{ invocations: Invocation[]; unattributed: number; report: InputReport }> {
  const report = createInputReport();
  const correlator = createCorrelator();
  const invocations: Invocation[] = [];
  for await (const event of readLogEvents([join(DIR, file)], { report })) {
    invocations.push(...correlator.push(event).completed);
  }
  invocations.push(...correlator.flush());
  return { invocations, unattributed: correlator.stats().unattributed, report };
}

const row = (i: Invocation): Expected => [
  i.requestId,
  i.status,
  i.errorType,
  i.coldStart,
  i.durationMs,
  i.billedDurationMs,
  i.memorySizeMB,
  i.maxMemoryUsedMB,
  i.initDurationMs,
  i.restoreDurationMs,
  i.billedRestoreDurationMs,
  i.traceId,
  i.lines.length,
];

describe('real shapes of Lambda log text', () => {
  it('covers every sample file, each with its source', () => {
    const files = readdirSync(DIR)
      .filter((f) => f !== 'SOURCES.txt')
      .sort();
    expect(EXPECTED.map(([file]) => file)).toEqual(files);
    const sources = readFileSync(join(DIR, 'SOURCES.txt'), 'utf8');
    for (const file of files)
      expect(sources).toMatch(new RegExp(`^${file.replace(/\./g, '\\.')}\n  source: \\S`, 'm'));
  });

  for (const [file, unattributed, expected] of EXPECTED) {
    it(file, async () => {
      const result = await fold(file);
      expect(result.report.inputs[0]?.error).toBeNull();
      expect(result.report.inputs[0]?.warnings).toBe(0);
      expect(result.invocations.map(row)).toEqual(expected);
      expect(result.unattributed).toBe(unattributed);
    });
  }
});

describe('where each form says an event came from', () => {
  // [file, request, functionName, logGroup, logStream, accountId, start, first line's eventId]
  const cases: [
    string,
    string,
    string,
    string | null,
    string | null,
    string | null,
    string,
    string | null,
  ][] = [
    [
      'console-copy-iso-offset-tab.log',
      'd3e0779a-5302-5e81-ab07-2b9776a557ad',
      'console-copy-iso-offset-tab',
      null,
      null,
      null,
      '2022-12-09T12:00:52.956Z',
      null,
    ],
    [
      'firehose-transformation-event.json',
      'd4937a71-f6f5-4846-9664-ada9022ddded',
      'wojtek-logs-generator',
      '/aws/lambda/wojtek-logs-generator',
      '2021/04/26/[$LATEST]672cbd9199f741c09b343e21c24adc02',
      '908047316593',
      '2021-04-26T08:55:59.439Z',
      '36114436910378404858834182564359676434751865801915629568',
    ],
    [
      'get-query-results-ptr.json',
      '33792b95-4e1f-4c69-a5f5-5dacea2067cd',
      '411_image_recognition_python_512',
      '/aws/lambda/411_image_recognition_python_512',
      null,
      '261490803749',
      '2020-01-21T15:24:18.198Z',
      'CnYKPQo5MjYxNDkwODAzNzQ5Oi9hd3MvbGFtYmRhLzQxMV9pbWFnZV9yZWNvZ25pdGlvbl9weXRob25fNTEyEAUSNRoYAgXVWRJZAAAAAMQBWcsABeJxcZAAAACSIAEolaPRxfwtMJaj0cX8LTgDQNwESJ8XUJ0REAIYAQ==',
    ],
    // The console wrote 13:17 in UTC-5: the header's range (17:58–18:20 UTC) says so.
    [
      'insights-console-markdown-lambda.md',
      '91c92f73-37ae-4b1d-8b83-77f557113654',
      'ie-staging-claudeInvoker',
      '/aws/lambda/ie-staging-claudeInvoker',
      null,
      null,
      '2025-08-15T18:17:19.997Z',
      null,
    ],
    [
      'log-events-download.csv',
      'dae59f59-e955-53d7-94e6-c3e2f855105c',
      'log-events-download',
      null,
      null,
      null,
      '2023-04-20T10:07:04.064Z',
      null,
    ],
    [
      'log-events-table-epoch-init-error.md',
      '26e10f50-7c29-4927-9a1d-bc5317e8dfd1',
      'tld-request-to-pay',
      '/aws/lambda/tld-request-to-pay',
      '2026/06/24/[$LATEST]29a3dba910c14ffeb85874fe8995f52f',
      null,
      '2026-06-24T19:12:09.446Z',
      null,
    ],
    [
      'log-events-table-iso-offset.md',
      '099f6dde-2105-4688-b4b2-cc92ad2105e4',
      'log-events-table-iso-offset',
      null,
      null,
      null,
      '2021-02-11T19:48:21.998Z',
      null,
    ],
    [
      'sls-logs-v1.log',
      '5c6c0221-a493-11e8-88e8-cd6d1f1b5e45',
      'sls-logs-v1',
      null,
      null,
      null,
      '2018-08-20T16:09:06.259Z',
      null,
    ],
    // Newest first in the file, START first once put back in time order.
    [
      'start-query-then-get-query-results.json',
      'f612fbaf-65ce-4fd2-8d1b-6718fcb0b269',
      'aws-serverless-shopping-cart-s-CartDBStreamHandler-r2hrhRoaOdTT',
      '/aws/lambda/aws-serverless-shopping-cart-s-CartDBStreamHandler-r2hrhRoaOdTT',
      null,
      '622370397643',
      '2022-05-02T20:58:14.452Z',
      null,
    ],
  ];
  for (const [file, requestId, functionName, logGroup, logStream, accountId, start, eventId] of cases) {
    it(file, async () => {
      const { invocations } = await fold(file);
      const inv = invocations.find((i) => i.requestId === requestId);
      expect([inv?.functionName, inv?.logGroup, inv?.logStream, inv?.accountId, inv?.start]).toEqual([
        functionName,
        logGroup,
        logStream,
        accountId,
        start,
      ]);
      expect(inv?.lines[0]?.eventId ?? null).toBe(eventId);
    });
  }

  it('keeps the order of the lines of the START first', async () => {
    const { invocations } = await fold('start-query-then-get-query-results.json');
    expect(invocations[0]?.lines.map((l) => l.message.slice(0, 6))).toEqual(['START ', 'REPORT']);
  });
});
