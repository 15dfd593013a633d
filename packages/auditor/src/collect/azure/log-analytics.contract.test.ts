/**
 * The Log Analytics path against the service's documented response bodies, without the emulator:
 * each body (fixtures/reference/log-analytics and the REST specs' two query examples in
 * fixtures/reference/arm/loganalytics, copied; fixtures/log-analytics, composed from the documents) is replayed at the SDK's
 * transport, so the real LogsQueryClient parses it and the collector's own code (queryWindow, its
 * row rebuilding, its partial-error handling and range splitting) runs on what the service documents.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createHttpHeaders, type HttpClient, type PipelineRequest } from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';
import { cloudEndpoints } from './clouds.ts';
import { createLogsQueryClient, isLimitError, type LogsQuerier, queryWindow } from './log-query.ts';

const REFERENCE = path.resolve(import.meta.dirname, '../../../../../fixtures/reference');
const body = (file: string): unknown => JSON.parse(readFileSync(path.join(REFERENCE, file), 'utf8'));
const exampleBody = (file: string): unknown =>
  (body(file) as { responses: { '200': { body: unknown } } }).responses['200'].body;

const RESPONSE_FORMAT = body('log-analytics/response-format-example.json');
const RECORD_COUNT_LIMIT = body('../log-analytics/partial-error-record-count-limit.json');
const SET_LIMIT = body('../log-analytics/partial-error-set-limit.json');
const OMS_POST = exampleBody('arm/loganalytics/oms-post-example.json');
const OMS_GET = exampleBody('arm/loganalytics/oms-get-example.json');

const WORKSPACE = '63613592-b6f7-4c3d-a390-22ba13102111';
const DAY = 86_400_000;
const WINDOW = { from: Date.parse('2017-08-23T07:00:00Z'), to: Date.parse('2017-08-25T07:00:00Z') };

/** The time range a query request asks for (`timespan: "<start>/<end>"`), in ms. */
function requestedSpan(request: PipelineRequest): number {
  const sent = JSON.parse(String(request.body)) as { timespan?: string };
  const [start = '', end = ''] = (sent.timespan ?? '').split('/');
  return Date.parse(end) - Date.parse(start);
}

/** A querier whose every request is answered by `answer` (a recorded body, with status 200 unless said). */
function replaying(answer: (request: PipelineRequest) => unknown): { querier: LogsQuerier; sent: PipelineRequest[] } {
  const sent: PipelineRequest[] = [];
  const httpClient: HttpClient = {
    sendRequest: async (request) => {
      sent.push(request);
      return {
        request,
        status: 200,
        headers: createHttpHeaders({ 'content-type': 'application/json; charset=utf-8' }),
        bodyAsText: JSON.stringify(answer(request)),
      };
    },
  };
  const querier = createLogsQueryClient({
    credential: { getToken: async () => ({ token: 'recorded', expiresOnTimestamp: Date.now() + 3_600_000 }) },
    endpoints: cloudEndpoints('AzureCloud'),
    maxRetries: 0,
    httpClient,
  });
  return { querier, sent };
}

describe('Log Analytics responses as documented, replayed at the SDK transport', () => {
  it('a documented result: one row per table row, cells typed by their column (datetime as a time)', async () => {
    const { querier, sent } = replaying(() => OMS_POST);
    const run = await queryWindow(querier, { workspace: WORKSPACE }, () => 'Usage | take 10', WINDOW, 60_000);
    expect(run.problems).toEqual([]);
    expect(run.queries).toBe(1);
    expect(sent.map((r) => [r.method, new URL(r.url).pathname])).toEqual([
      ['POST', `/v1/workspaces/${WORKSPACE}/query`],
    ]);
    expect(run.rows).toHaveLength(2);
    expect(run.rows.map((r) => r.Computer)).toEqual(['ContosoSQLSrv1', 'Store010Web3']);
    expect(run.rows[0]?.TimeGenerated).toEqual(new Date('2017-08-24T06:59:59Z'));
    expect(run.rows[0]?.DataType).toBe('Perf');
    // A null cell stays null (LinkedResourceUri is null in the example).
    expect(run.rows[0]?.LinkedResourceUri).toBeNull();
  });

  it('the GET example and the response-format page: every column of every row, long counts as numbers', async () => {
    for (const recorded of [OMS_GET, RESPONSE_FORMAT]) {
      const table = (recorded as { tables: { columns: { name: string }[]; rows: unknown[][] }[] }).tables[0];
      const { querier } = replaying(() => recorded);
      const run = await queryWindow(querier, { workspace: WORKSPACE }, () => 'q', WINDOW, 60_000);
      expect(run.problems).toEqual([]);
      expect(run.rows).toHaveLength(table?.rows.length ?? -1);
      for (const row of run.rows) expect(Object.keys(row)).toEqual(table?.columns.map((c) => c.name));
    }
    const { querier } = replaying(() => RESPONSE_FORMAT);
    const run = await queryWindow(querier, { workspace: WORKSPACE }, () => 'q', WINDOW, 60_000);
    expect(run.rows.map((r) => [r.Category, r.count_])).toEqual([
      ['Administrative', 20839],
      ['Recommendation', 122],
      ['Alert', 64],
      ['ServiceHealth', 11],
    ]);
  });

  it('a resource-centric target goes to /v1/{resource id}/query', async () => {
    const workspace =
      '/subscriptions/e4272367-5645-4c4e-9c67-3b74b59a6982/resourcegroups/contosoazurehq/providers/microsoft.operationalinsights/workspaces/contosoretail-it';
    const { querier, sent } = replaying(() => RESPONSE_FORMAT);
    await queryWindow(querier, { workspace }, () => 'q', WINDOW, 60_000);
    expect(new URL(sent[0]?.url ?? '').pathname).toBe(`/v1${workspace}/query`);
  });

  it('both documented result-set limits are limits, by their HRESULT (0x80DA0003) even where the message names none', () => {
    const errorOf = (b: unknown) => (b as { error: unknown }).error;
    expect(isLimitError(errorOf(RECORD_COUNT_LIMIT))).toBe(true);
    expect(isLimitError(errorOf(SET_LIMIT))).toBe(true);
    // The HRESULT alone says it, whatever the message.
    const coded = JSON.parse(JSON.stringify(errorOf(SET_LIMIT)).replace(/The results[^"]*/, 'no words'));
    expect(isLimitError(coded)).toBe(true);
    // The same shape with another engine error is not a limit: a narrower range would not help.
    const other = JSON.parse(
      JSON.stringify(errorOf(SET_LIMIT))
        .replace('-2133196797', '-2133196790')
        .replace(/The results[^"]*/, 'Operator source expression should be table or column'),
    );
    expect(isLimitError(other)).toBe(false);
  });

  it('a result cut by the limit is asked again in halves until each half is whole', async () => {
    for (const partial of [RECORD_COUNT_LIMIT, SET_LIMIT]) {
      const { querier, sent } = replaying((request) => (requestedSpan(request) > DAY ? partial : RESPONSE_FORMAT));
      const run = await queryWindow(querier, { workspace: WORKSPACE }, () => 'q', WINDOW, 60_000);
      expect(run.problems).toEqual([]);
      // The two-day window: cut; each one-day half: whole (4 rows each).
      expect(sent.map(requestedSpan)).toEqual([2 * DAY, DAY, DAY]);
      expect(run.queries).toBe(3);
      expect(run.rows).toHaveLength(8);
    }
  });

  it('a limit that holds down to the narrowest range keeps the partial rows and says the result is partial', async () => {
    const { querier, sent } = replaying(() => RECORD_COUNT_LIMIT);
    const run = await queryWindow(querier, { workspace: WORKSPACE }, () => 'q', WINDOW, 2 * DAY);
    expect(sent).toHaveLength(1);
    expect(run.rows).toHaveLength(4);
    expect(run.problems).toEqual([
      'the result for 2017-08-23T07:00:00.000Z..2017-08-25T07:00:00.000Z is partial (PartialError: There were some errors when processing your query.: Query result set has exceeded the internal record count limit 500000 (E_QUERY_RESULT_SET_TOO_LARGE).), even for a range of 172800 s',
    ]);
  });
});
