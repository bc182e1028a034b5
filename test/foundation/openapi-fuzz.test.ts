import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeOnEachDatabase } from '../support/databases.js';
import {
  deeplyNestedJson,
  HUGE_STRING,
  pathsOf,
  pickSome,
  sampleOf,
  seededRandom,
  withValueAt,
  WRONG_PATH_VALUES,
  WRONG_QUERY_VALUES,
  WRONG_VALUES,
  type IdsByKind,
  type OpenApiDocument,
  type OpenApiOperation,
} from '../support/openapi-fuzz.js';
import { TestApp, type TestUser } from '../support/test-app.js';

/** The change feed never ends by design; test/live/case-changes.test.ts reads it over a real socket. */
const ENDLESS = new Set(['GET /api/v1/case-changes', 'GET /api/v1/dashboard/changes']);
const SEED = 20261125;
/** How many wrong values each field of a body gets per run (the seed decides which). */
const WRONG_VALUES_PER_FIELD = 5;

interface FuzzRequest {
  variant: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  payload?: string;
}

interface Failure {
  role: string;
  method: string;
  url: string;
  variant: string;
  status: number;
  detail: string;
}

function pathValue(value: unknown, path: (string | number)[]): unknown {
  let cursor: unknown = value;
  for (const key of path) cursor = (cursor as Record<string | number, unknown> | null)?.[key];
  return cursor;
}

/** `/api/v1/cases/{id}` → the real case's id, so a request reaches the service and the database, not only the schema. */
function resourceIdOf(path: string, ids: IdsByKind): string {
  const segment = path.split('/')[3] ?? '';
  const kinds: Record<string, string> = {
    cases: 'case',
    organizations: 'organization',
    users: 'user',
    departments: 'department',
    vendors: 'vendor',
    projects: 'project',
    assets: 'asset',
    contracts: 'contract',
    trainings: 'training',
    problems: 'problem',
    'escalation-policies': 'policy',
  };
  return ids[kinds[segment] ?? 'default'] ?? ids.default!;
}

function encodedQuery(values: [string, string][]): string {
  // Values marked as already escaped (`%..`) are sent as they are, to reach the server's own decoding.
  const text = values.map(([key, value]) => `${key}=${/%[0-9A-F]{2}|%E0/.test(value) ? value : encodeURIComponent(value)}`).join('&');
  return text ? `?${text}` : '';
}

function requestsFor(path: string, method: string, operation: OpenApiOperation, ids: IdsByKind, random: () => number): FuzzRequest[] {
  const parameters = operation.parameters ?? [];
  const pathParameters = parameters.filter((parameter) => parameter.in === 'path');
  const queryParameters = parameters.filter((parameter) => parameter.in === 'query');
  const pathValues: Record<string, string> = {};
  for (const parameter of pathParameters) {
    pathValues[parameter.name] =
      parameter.name === 'id' ? resourceIdOf(path, ids) : String(sampleOf(parameter.schema, parameter.name, ids, random));
  }
  const urlWith = (values: Record<string, string>, query: [string, string][]) =>
    path.replace(/\{(\w+)\}/g, (_whole, name: string) => values[name] ?? 'x') + encodedQuery(query);
  const sampleQuery: [string, string][] = queryParameters
    .filter((parameter) => parameter.required || random() < 0.5)
    .map((parameter) => [parameter.name, String(sampleOf(parameter.schema, parameter.name, ids, random))]);
  const url = urlWith(pathValues, sampleQuery);

  const contentTypes = Object.keys(operation.requestBody?.content ?? {});
  const jsonSchema = operation.requestBody?.content['application/json']?.schema;
  const sampleBody = jsonSchema ? sampleOf(jsonSchema, 'body', ids, random) : undefined;
  const json = { 'content-type': 'application/json' };
  const base: FuzzRequest = {
    variant: 'plausible request',
    method,
    url,
    ...(sampleBody !== undefined ? { headers: json, payload: JSON.stringify(sampleBody) } : {}),
  };
  const requests: FuzzRequest[] = [base];

  for (const parameter of pathParameters) {
    for (const value of WRONG_PATH_VALUES) {
      requests.push({
        ...base,
        variant: `path ${parameter.name}=${value.slice(0, 40)}`,
        url: urlWith({ ...pathValues, [parameter.name]: value }, sampleQuery),
      });
    }
  }
  for (const parameter of queryParameters) {
    const others = sampleQuery.filter(([name]) => name !== parameter.name);
    for (const value of WRONG_QUERY_VALUES) {
      requests.push({
        ...base,
        variant: `query ${parameter.name}=${value.slice(0, 40)}`,
        url: urlWith(pathValues, [...others, [parameter.name, value]]),
      });
    }
    requests.push({
      ...base,
      variant: `query ${parameter.name} repeated`,
      url: urlWith(pathValues, [...others, [parameter.name, 'a'], [parameter.name, 'b']]),
    });
  }
  requests.push({ ...base, variant: 'unknown query parameter', url: urlWith(pathValues, [...sampleQuery, ['unexpected', '1']]) });

  if (jsonSchema) {
    const whole: [string, string][] = [
      ['empty object', '{}'],
      ['null body', 'null'],
      ['array body', '[]'],
      ['string body', '"text"'],
      ['number body', '42'],
      ['invalid JSON', '{"name":'],
      ['deeply nested body', deeplyNestedJson(10_000)],
      ['1 MB string field', JSON.stringify({ ...(sampleBody as object), name: HUGE_STRING })],
      ['extra fields', JSON.stringify({ ...(sampleBody as object), unexpected: 'x', constructor: { prototype: { polluted: true } } })],
      ['__proto__ key', `{"__proto__":{"polluted":true},${JSON.stringify(sampleBody).slice(1)}`],
    ];
    for (const [variant, payload] of whole) requests.push({ ...base, variant, headers: json, payload });
    requests.push({ ...base, variant: 'empty body', headers: json, payload: '' });
    requests.push({ ...base, variant: 'text/plain body', headers: { 'content-type': 'text/plain' }, payload: JSON.stringify(sampleBody) });
    for (const place of pathsOf(sampleBody)) {
      const name = place.join('.');
      requests.push({
        ...base,
        variant: `${name} missing`,
        headers: json,
        payload: JSON.stringify(withValueAt(sampleBody, place, undefined)),
      });
      requests.push({
        ...base,
        variant: `${name} deeply nested`,
        headers: json,
        payload: JSON.stringify(withValueAt(sampleBody, place, '__deep__')).replace('"__deep__"', deeplyNestedJson(5_000)),
      });
      const sampled = pathValue(sampleBody, place);
      // Every text field gets a NUL character (PostgreSQL cannot store one); other wrong values are sampled.
      const wrongValues: unknown[] = typeof sampled === 'string' ? [`${sampled}\u0000`] : [];
      wrongValues.push(...pickSome(random, WRONG_VALUES, WRONG_VALUES_PER_FIELD));
      for (const wrong of wrongValues) {
        requests.push({
          ...base,
          variant: `${name}=${JSON.stringify(wrong)?.slice(0, 40)}`,
          headers: json,
          payload: JSON.stringify(withValueAt(sampleBody, place, wrong)),
        });
      }
    }
  } else if (contentTypes.includes('text/csv')) {
    const csv = { 'content-type': 'text/csv' };
    for (const [variant, payload] of [
      ['empty CSV', ''],
      ['header only', 'name,code\n'],
      ['unterminated quote', 'name,code\n"Harbour,H1\n'],
      ['NUL in CSV', 'name,code\nHar\u0000bour,H1\n'],
      ['binary CSV', '\u00ff\u00fe\u0001\u0002'],
      ['huge cell', `name,code\n${'z'.repeat(900_000)},H2\n`],
    ] as const) {
      requests.push({ ...base, variant, headers: csv, payload });
    }
    requests.push({ ...base, variant: 'JSON instead of CSV', headers: json, payload: '{"name":"x"}' });
  } else if (method !== 'GET' && method !== 'DELETE') {
    // Multipart uploads and bodiless writes: anything sent must still be answered properly.
    requests.push({ ...base, variant: 'JSON body', headers: json, payload: '{"unexpected":1}' });
    requests.push({ ...base, variant: 'invalid JSON', headers: json, payload: '{"a":' });
    requests.push({
      ...base,
      variant: 'broken multipart',
      headers: { 'content-type': 'multipart/form-data; boundary=fuzz' },
      payload: '--fuzz\r\nContent-Disposition: form-data; name="file"; filename="a\u0000.txt"\r\n\r\nhello',
    });
    requests.push({ ...base, variant: 'multipart without boundary', headers: { 'content-type': 'multipart/form-data' }, payload: 'x' });
  }
  // Each run sends the same requests in the same order; the seed decides only which wrong values.
  return requests.map((request) => (request.payload !== undefined ? request : { ...request, headers: request.headers ?? {} }));
}

describeOnEachDatabase('every OpenAPI operation refuses malformed input without a 5xx', (database) => {
  let app: TestApp;
  let admin: TestUser;
  let customer: TestUser;
  const ids: IdsByKind = {};

  beforeAll(async () => {
    app = await TestApp.start(database);
    admin = await app.user('admin');
    const staff = await app.user('manager', { name: 'Fuzz Manager' });
    const organization = await app.organization('Fuzz Customer');
    customer = await app.user('customer', { organizationId: organization.id });
    const created = async (url: string, body: unknown): Promise<string> => {
      const response = await app.request<{ id: string }>(admin, 'POST', url, body);
      expect(response.status, `${url}: ${JSON.stringify(response.body)}`).toBe(201);
      return response.body.id;
    };
    const department = await created('/api/v1/departments', { name: 'Fuzz Department', managerUserId: staff.id });
    const vendor = await created('/api/v1/vendors', {
      name: 'Fuzz Vendor',
      supportCenter: { name: 'Fuzz TAC', phone: '+86 10 1234 5678', email: 'tac@vendor.example' },
    });
    const project = await app.request<{ id: string; items: { id: string }[] }>(admin, 'POST', '/api/v1/projects', {
      organizationId: organization.id,
      name: 'Fuzz Project',
      deliveredAt: '2026-01-05',
      guaranteeEndsAt: '2029-01-04',
      items: [{ vendorId: vendor, model: 'Router', serialNumber: 'SN-FUZZ-1' }],
    });
    expect(project.status).toBe(201);
    const contract = await created('/api/v1/contracts', {
      organizationId: organization.id,
      number: 'SC-FUZZ-1',
      startsAt: '2026-01-01',
      endsAt: '2027-12-31',
      services: ['hotline', 'onsite'],
    });
    const caseId = await created('/api/v1/cases', {
      organizationId: organization.id,
      channel: 'hotline',
      level: 2,
      title: 'Fuzz case',
      description: 'A case the fuzz requests can reach.',
      serialNumbers: ['SN-FUZZ-1'],
    });
    const problem = await created('/api/v1/problems', { title: 'Fuzz problem', ownerId: staff.id, fromCaseId: caseId });
    const policies = await app.request<{ items: { id: string }[] }>(admin, 'GET', '/api/v1/escalation-policies');
    const victim = await app.user('expert', { name: 'Fuzz Expert' });
    Object.assign(ids, {
      organization: organization.id,
      department,
      vendor,
      project: project.body.id,
      asset: project.body.items[0]?.id ?? 'none',
      contract,
      case: caseId,
      problem,
      owner: staff.id,
      policy: policies.body.items[0]?.id ?? 'none',
      // Admin-only writes on users go to this user, so the fuzz never disables or demotes the admin it runs as.
      user: victim.id,
      assignee: staff.id,
      manager: staff.id,
      vp: staff.id,
      approved: staff.id,
      engineer: staff.id,
      trainer: staff.id,
      person: staff.id,
      default: '0190f0e1-aaaa-7bbb-8ccc-000000000000',
    });
  });
  afterAll(() => app?.stop());

  it('answers every malformed request to every operation, as admin and as customer, with less than 500', async () => {
    const document = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json<OpenApiDocument>();
    const failures: Failure[] = [];
    let sent = 0;
    const random = seededRandom(SEED);
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [lowerMethod, operation] of Object.entries(operations)) {
        const method = lowerMethod.toUpperCase();
        if (ENDLESS.has(`${method} ${path.replace(/\{(\w+)\}/g, ':$1')}`)) continue;
        for (const [role, user] of [
          ['admin', admin],
          ['customer', customer],
        ] as const) {
          for (const request of requestsFor(path, method, operation, ids, random)) {
            const response = await app.inject({
              method: request.method as InjectOptions['method'],
              url: request.url,
              headers: { ...user.headers, ...request.headers },
              ...(request.payload !== undefined ? { payload: request.payload } : {}),
            });
            sent += 1;
            if (response.statusCode >= 500) {
              failures.push({
                role,
                method,
                url: request.url.slice(0, 200),
                variant: request.variant,
                status: response.statusCode,
                detail: response.body.slice(0, 300),
              });
            }
          }
        }
      }
    }
    expect(sent).toBeGreaterThan(1000);
    expect(failures).toEqual([]);
    // Thousands of requests, more with every new operation, on a machine other test files load as well.
  }, 900_000);
});
