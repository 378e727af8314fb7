import { describe, expect, expectTypeOf, it } from 'vitest';
import { graphAlertSchema, graphIncidentSchema, incidentStatusSchema, type GraphIncident, type IncidentSeverity, type IncidentStatus } from '@/utils/domain/incident-schema';
import { incidentParseErrorSchema, parseIncident, parseIncidents } from '@/utils/domain/parse-incidents';
import type { StoredIncidentJson } from '../../fakes/graph-contract';

/**
 * Shaped like the documented v1.0 response item, with $expand=alerts and the beta extras, typed against
 * Microsoft's contract; `overrides` may break it on purpose (that is what these tests are about).
 */
function graphIncidentJson(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const documented: StoredIncidentJson = {
    '@odata.type': '#microsoft.graph.security.incident',
    id: '2972395',
    incidentWebUrl: 'https://security.microsoft.com/incident2/2972395/overview?tid=12f988bf-16f1-11af-11ab-1d7cd011db47',
    redirectIncidentId: null,
    displayName: 'Multi-stage incident involving Initial access & Command and control on multiple endpoints',
    tenantId: '12f988bf-16f1-11af-11ab-1d7cd011db47',
    createdDateTime: '2021-08-13T08:43:35.5533333Z',
    lastUpdateDateTime: '2021-09-30T09:35:45.1133333Z',
    assignedTo: 'KaiC@contoso.onmicrosoft.com',
    classification: 'truePositive',
    determination: 'multiStagedAttack',
    status: 'active',
    severity: 'medium',
    customTags: ['Demo'],
    systemTags: ['Defender Experts'],
    description: 'A multi-stage incident.',
    summary: null,
    lastModifiedBy: 'DefenderExperts',
    resolvingComment: null,
    priorityScore: 63,
    comments: [
      {
        comment: 'Demo incident',
        createdByDisplayName: 'DavidS@contoso.onmicrosoft.com',
        createdDateTime: '2021-09-30T12:07:37.2756993Z',
      },
    ],
    recommendedActions: 'Isolate the device.',
    recommendedHuntingQueries: [{ kqlText: 'DeviceProcessEvents | take 10' }],
    alerts: [
      {
        '@odata.type': '#microsoft.graph.security.alert',
        id: 'da637551227677560813_-961444813',
        providerAlertId: 'da637551227677560813_-961444813',
        incidentId: '2972395',
        status: 'new',
        severity: 'low',
        classification: 'unknown',
        determination: 'unknown',
        serviceSource: 'microsoftDefenderForEndpoint',
        detectionSource: 'antivirus',
        detectorId: 'e0da400f-affd-43ef-b1d5-afc2eb6f2756',
        tenantId: '12f988bf-16f1-11af-11ab-1d7cd011db47',
        title: 'Suspicious execution of hidden file',
        description: 'A hidden file has been launched.',
        recommendedActions: 'Collect artifacts.',
        category: 'DefenseEvasion',
        assignedTo: null,
        alertWebUrl: 'https://security.microsoft.com/alerts/da637551227677560813_-961444813?tid=12f988bf-16f1-11af-11ab-1d7cd011db47',
        actorDisplayName: null,
        threatDisplayName: null,
        threatFamilyName: null,
        mitreTechniques: ['T1564.001'],
        createdDateTime: '2021-04-27T12:19:27.7211305Z',
        lastUpdateDateTime: '2021-05-02T14:19:01.3266667Z',
        resolvedDateTime: null,
        firstActivityDateTime: '2021-04-26T07:45:50.116Z',
        lastActivityDateTime: '2021-05-02T07:56:58.222Z',
        comments: [],
        evidence: [{ '@odata.type': '#microsoft.graph.security.deviceEvidence', deviceDnsName: 'tempDns' }],
      },
    ],
  };
  return { ...documented, ...overrides };
}

function parsedOrFail(item: unknown): GraphIncident {
  const result = parseIncident(item);
  if (!result.ok) throw new Error(result.error.message);
  return result.incident;
}

describe('graphIncidentSchema', () => {
  it('reads a documented incident with its alerts', () => {
    const incident = graphIncidentSchema.parse(graphIncidentJson());
    expect(incident).toMatchObject({
      id: '2972395',
      status: 'active',
      severity: 'medium',
      classification: 'truePositive',
      determination: 'multiStagedAttack',
      assignedTo: 'KaiC@contoso.onmicrosoft.com',
      systemTags: ['Defender Experts'],
      priorityScore: 63,
      recommendedActions: 'Isolate the device.',
      recommendedHuntingQueries: [{ kqlText: 'DeviceProcessEvents | take 10' }],
    });
    expect(incident.alerts).toHaveLength(1);
    expect(incident.alerts[0]).toMatchObject({
      id: 'da637551227677560813_-961444813',
      detectionSource: 'antivirus',
      serviceSource: 'microsoftDefenderForEndpoint',
      status: 'new',
      mitreTechniques: ['T1564.001'],
    });
    expect(incident.comments[0]?.createdByDisplayName).toBe('DavidS@contoso.onmicrosoft.com');
  });

  it('drops properties it does not know, including OData annotations', () => {
    const incident = graphIncidentSchema.parse(graphIncidentJson({ somethingNew: 1 }));
    expect(incident).not.toHaveProperty('@odata.type');
    expect(incident).not.toHaveProperty('somethingNew');
    expect(incident.alerts[0]).not.toHaveProperty('evidence');
  });

  it('fills absent optional fields with null and absent lists with []', () => {
    const incident = graphIncidentSchema.parse({ id: '7', createdDateTime: '2024-05-01T10:00:00Z' });
    expect(incident).toEqual({
      id: '7',
      tenantId: null,
      displayName: null,
      description: null,
      summary: null,
      status: 'unknownFutureValue',
      severity: 'unknown',
      classification: 'unknown',
      determination: null,
      assignedTo: null,
      createdDateTime: '2024-05-01T10:00:00Z',
      lastUpdateDateTime: null,
      lastModifiedBy: null,
      incidentWebUrl: null,
      redirectIncidentId: null,
      resolvingComment: null,
      customTags: [],
      systemTags: [],
      comments: [],
      priorityScore: null,
      alerts: [],
      recommendedActions: null,
      recommendedHuntingQueries: [],
    } satisfies GraphIncident);
  });

  it('turns null lists into []', () => {
    const incident = graphIncidentSchema.parse(
      graphIncidentJson({ alerts: null, customTags: null, systemTags: null, comments: null, recommendedHuntingQueries: null }),
    );
    expect([incident.alerts, incident.customTags, incident.systemTags, incident.comments]).toEqual([[], [], [], []]);
    expect(incident.recommendedHuntingQueries).toEqual([]);
  });

  it.each(['active', 'inProgress', 'awaitingAction', 'resolved', 'redirected', 'unknownFutureValue'] as const)(
    'keeps the documented status %s',
    (status) => {
      expect(graphIncidentSchema.parse(graphIncidentJson({ status })).status).toBe(status);
    },
  );

  it('maps statuses, severities and classifications it does not know to unknownFutureValue', () => {
    const incident = graphIncidentSchema.parse(
      graphIncidentJson({ status: 'awaitingSomethingNew', severity: 'critical', classification: 'benignPositive' }),
    );
    expect(incident.status).toBe('unknownFutureValue');
    expect(incident.severity).toBe('unknownFutureValue');
    expect(incident.classification).toBe('unknownFutureValue');
  });

  it('is case-sensitive about enum members, as Graph is', () => {
    expect(graphIncidentSchema.parse(graphIncidentJson({ status: 'Active' })).status).toBe('unknownFutureValue');
  });

  it('keeps determination as an open string', () => {
    expect(graphIncidentSchema.parse(graphIncidentJson({ determination: 'somethingNew' })).determination).toBe(
      'somethingNew',
    );
  });

  it.each([
    ['a missing id', { id: undefined }],
    ['an empty id', { id: '' }],
    ['a numeric id', { id: 2972395 }],
    ['a missing createdDateTime', { createdDateTime: undefined }],
    ['a date that is not ISO 8601', { createdDateTime: 'Fri, 13 Aug 2021 08:43:35 GMT' }],
    ['a date-only createdDateTime', { createdDateTime: '2021-08-13' }],
    ['an impossible date', { createdDateTime: '2021-02-30T08:43:35Z' }],
    ['a non-ISO lastUpdateDateTime', { lastUpdateDateTime: 1628844215553 }],
    ['a status that is not a string', { status: 3 }],
    ['a tag that is not a string', { customTags: [1] }],
    ['a priorityScore that is a string', { priorityScore: '63' }],
  ])('rejects %s', (_name, overrides) => {
    expect(graphIncidentSchema.safeParse(graphIncidentJson(overrides)).success).toBe(false);
  });

  it('accepts ISO dates with an offset and with any fraction of a second', () => {
    const incident = graphIncidentSchema.parse(
      graphIncidentJson({ createdDateTime: '2021-08-13T10:43:35+02:00', lastUpdateDateTime: '2021-08-13T08:43:35Z' }),
    );
    expect(incident.createdDateTime).toBe('2021-08-13T10:43:35+02:00');
  });

  it('infers the documented types', () => {
    expectTypeOf<GraphIncident['status']>().toEqualTypeOf<IncidentStatus>();
    expectTypeOf<GraphIncident['severity']>().toEqualTypeOf<IncidentSeverity>();
    expectTypeOf<GraphIncident['assignedTo']>().toEqualTypeOf<string | null>();
    expect(incidentStatusSchema.options).toContain('awaitingAction');
  });
});

describe('graphAlertSchema', () => {
  it('keeps detectionSource as an open string, so microsoftThreatExperts and future sources parse', () => {
    expect(graphAlertSchema.parse({ id: 'a', detectionSource: 'microsoftThreatExperts' }).detectionSource).toBe(
      'microsoftThreatExperts',
    );
    expect(graphAlertSchema.parse({ id: 'a', detectionSource: 'brandNewSource' }).detectionSource).toBe('brandNewSource');
  });

  it('maps an unknown alert status to unknownFutureValue and needs an id', () => {
    expect(graphAlertSchema.parse({ id: 'a', status: 'triaged' }).status).toBe('unknownFutureValue');
    expect(graphAlertSchema.safeParse({ detectionSource: 'antivirus' }).success).toBe(false);
  });
});

describe('parseIncident', () => {
  it('returns the incident and no warnings for a good item', () => {
    const result = parseIncident(graphIncidentJson());
    expect(result).toMatchObject({ ok: true, warnings: [] });
  });

  it('explains a wrong type in one short line, naming the incident', () => {
    const result = parseIncident(graphIncidentJson({ id: '123', status: 42 }));
    expect(result).toEqual({
      ok: false,
      error: { id: '123', message: 'Incident 123: status must be a string', issues: ['status must be a string'] },
    });
  });

  it('lists every problem and says how many more there are', () => {
    const result = parseIncident({ id: '9', createdDateTime: 'soon', severity: false });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.issues).toEqual(['severity must be a string', 'createdDateTime must be an ISO 8601 date-time']);
    expect(result.error.message).toBe('Incident 9: severity must be a string (and 1 more)');
  });

  it('says when a required field is missing, and that the id is unknown', () => {
    const result = parseIncident({ displayName: 'x' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.id).toBeUndefined();
    expect(result.error.message).toBe('Incident (no id): id is missing (and 1 more)');
    expect(result.error.issues).toContain('createdDateTime is missing');
  });

  it('drops one malformed alert, keeps the incident and the other alerts, and reports the drop', () => {
    const good = { id: 'ed1', detectionSource: 'microsoftThreatExperts' };
    const result = parseIncident(
      graphIncidentJson({ alerts: [{ id: 'da1', severity: 5 }, good, 'not an alert', { title: 'no id' }] }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.incident.alerts.map((alert) => alert.id)).toEqual(['ed1']);
    expect(result.warnings.map((warning) => warning.message)).toEqual([
      'Incident 2972395: alert da1 dropped: alerts[0].severity must be a string',
      'Incident 2972395: alert 3 dropped: alerts[2] must be an object',
      'Incident 2972395: alert 4 dropped: alerts[3].id is missing',
    ]);
    expect(result.warnings.every((warning) => warning.id === '2972395')).toBe(true);
  });

  it('drops a malformed comment or hunting query the same way', () => {
    const result = parseIncident(
      graphIncidentJson({
        comments: [{ comment: 'ok' }, { comment: 'bad date', createdDateTime: 'yesterday' }],
        recommendedHuntingQueries: [{ kqlText: 'ok' }, { query: 'no kqlText' }],
      }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.incident.comments.map((comment) => comment.comment)).toEqual(['ok']);
    expect(result.incident.recommendedHuntingQueries).toEqual([{ kqlText: 'ok' }]);
    expect(result.warnings.map((warning) => warning.issues[0])).toEqual([
      'comments[1].createdDateTime must be an ISO 8601 date-time',
      'recommendedHuntingQueries[1].kqlText is missing',
    ]);
  });

  it('still rejects the incident when the alerts field itself is not a list', () => {
    const result = parseIncident(graphIncidentJson({ alerts: { id: 'x' } }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).toBe('Incident 2972395: alerts must be an array');
  });

  it('shortens a long id in messages but never changes the id it reports', () => {
    const id = '7'.repeat(200);
    const result = parseIncident({ id, createdDateTime: 'x' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.id).toBe(id);
    expect(result.error.message).toBe(`Incident ${'7'.repeat(64)}…: createdDateTime must be an ISO 8601 date-time`);
  });

  it('produces errors that match incidentParseErrorSchema', () => {
    const result = parseIncident(null);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(incidentParseErrorSchema.parse(result.error)).toEqual({
      message: 'Incident (no id): the item must be an object',
      issues: ['the item must be an object'],
    });
  });

  it('reads only own data properties: inherited properties and prototype keys are ignored', () => {
    const inherited = Object.create({ id: '1', createdDateTime: '2024-01-01T00:00:00Z' }) as object;
    expect(parseIncident(inherited).ok).toBe(false);

    const withProtoKey = JSON.parse(
      '{"id":"2","createdDateTime":"2024-01-01T00:00:00Z","__proto__":{"status":"resolved","polluted":true}}',
    ) as unknown;
    const incident = parsedOrFail(withProtoKey);
    expect(incident.status).toBe('unknownFutureValue');
    expect(incident).not.toHaveProperty('polluted');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('does not run getters twice or let them throw out', () => {
    let reads = 0;
    const counted = {
      createdDateTime: '2024-01-01T00:00:00Z',
      get id() {
        reads += 1;
        return '3';
      },
    };
    expect(parsedOrFail(counted).id).toBe('3');
    expect(reads).toBe(1);

    const throwing = {
      createdDateTime: '2024-01-01T00:00:00Z',
      get status(): string {
        throw new Error('boom');
      },
    };
    expect(parseIncident(throwing).ok).toBe(false);
  });

  it('reports a cyclic item with its id', () => {
    const cyclic: Record<string, unknown> = { id: '5', createdDateTime: '2024-01-01T00:00:00Z' };
    cyclic.self = cyclic;
    const result = parseIncident(cyclic);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.id).toBe('5');
    expect(result.error.message).toMatch(/^Incident 5: the item is not JSON data/);
  });

  it('copes with huge strings', () => {
    const huge = 'x'.repeat(5_000_000);
    const incident = parsedOrFail(graphIncidentJson({ description: huge, status: huge }));
    expect(incident.description).toHaveLength(5_000_000);
    expect(incident.status).toBe('unknownFutureValue');

    const result = parseIncident({ id: huge, createdDateTime: '2024-01-01T00:00:00Z' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.id).toBeUndefined();
    expect(result.error.message.length).toBeLessThan(100);
  });
});

describe('parseIncidents', () => {
  it('keeps the good items, in order, and reports the bad ones', () => {
    const { incidents, errors } = parseIncidents([
      graphIncidentJson({ id: '1' }),
      graphIncidentJson({ id: '2', status: 7 }),
      graphIncidentJson({ id: '3' }),
    ]);
    expect(incidents.map((incident) => incident.id)).toEqual(['1', '3']);
    expect(errors.map((error) => error.message)).toEqual(['Incident 2: status must be a string']);
  });

  it('reports dropped alerts alongside the incident errors', () => {
    const { incidents, errors } = parseIncidents([graphIncidentJson({ id: '1', alerts: [{ id: 'a', status: [] }] })]);
    expect(incidents).toHaveLength(1);
    expect(errors.map((error) => error.message)).toEqual(['Incident 1: alert a dropped: alerts[0].status must be a string']);
  });

  it.each([
    ['null', null],
    ['a number', 42],
    ['a string', 'incidents'],
    ['a NaN', Number.NaN],
    ['undefined', undefined],
    ['a symbol', Symbol('x')],
    ['a function', () => 1],
    ['a BigInt', 10n],
    ['a nested array', [[graphIncidentJson()]]],
    ['a Date', new Date(0)],
    ['a Map', new Map([['id', '1']])],
    ['a frozen object', Object.freeze({ id: '1' })],
    ['an object without prototype', Object.assign(Object.create(null) as object, { id: '1' })],
    ['a Proxy that throws', new Proxy({}, { get: () => { throw new Error('trap'); }, ownKeys: () => { throw new Error('trap'); } })],
  ])('never throws for an item that is %s', (_name, item) => {
    const run = () => parseIncidents([item]);
    expect(run).not.toThrow();
    expect(run().incidents).toEqual([]);
    expect(run().errors).toHaveLength(1);
  });

  it.each([
    ['null', null],
    ['an object', { value: [] }],
    ['a string', '[]'],
  ])('never throws when the list itself is %s', (_name, items) => {
    expect(parseIncidents(items)).toEqual({
      incidents: [],
      errors: [{ message: 'Incidents: expected a list of incidents', issues: ['the response value must be an array'] }],
    });
  });

  it('keeps what it read when a hostile list throws halfway', () => {
    const list = [graphIncidentJson({ id: '1' }), graphIncidentJson({ id: '2' })];
    const hostile = new Proxy(list, {
      get(target, key, receiver) {
        if (key === '1') throw new Error('trap');
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    const { incidents, errors } = parseIncidents(hostile);
    expect(incidents.map((incident) => incident.id)).toEqual(['1']);
    expect(errors.map((error) => error.message)).toEqual(['Incidents: the list could not be read to the end']);
  });

  it('returns an empty result for an empty page', () => {
    expect(parseIncidents([])).toEqual({ incidents: [], errors: [] });
  });
});
