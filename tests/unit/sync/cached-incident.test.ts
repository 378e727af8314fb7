import { describe, expect, it } from 'vitest';
import { classifyHandoff } from '@/utils/domain/classify-handoff';
import { graphIncidentSchema, type GraphIncident } from '@/utils/domain/incident-schema';
import { parseIncidents } from '@/utils/domain/parse-incidents';
import { tenantServiceSchema } from '@/utils/domain/responsibility-matrix';
import {
  cachedTextLimit,
  classifyCachedIncident,
  expandCachedIncident,
  slimIncident,
  slimIncidentSchema,
} from '@/utils/sync/cached-incident';
import { demoTenants } from '../../fixtures/demo-tenants';

const now = new Date('2026-11-27T12:00:00Z');
const demoIncidents: GraphIncident[] = demoTenants(new Date('2026-11-27T10:00:00Z')).customers.flatMap(
  (customer) => parseIncidents(customer.incidents).incidents,
);

function incident(overrides: Record<string, unknown>): GraphIncident {
  return graphIncidentSchema.parse({
    id: '501',
    tenantId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
    displayName: 'Suspicious sign-in',
    status: 'active',
    createdDateTime: '2026-11-27T08:00:00Z',
    lastUpdateDateTime: '2026-11-27T09:00:00Z',
    ...overrides,
  });
}

describe('the slim cached incident', () => {
  it('classifies exactly like the full incident, for every demo incident and every service', () => {
    expect(demoIncidents.length).toBeGreaterThan(35);
    for (const service of tenantServiceSchema.options) {
      for (const full of demoIncidents) {
        expect(classifyCachedIncident(slimIncident(full), service, now), `${full.id} as ${service}`).toEqual(
          classifyHandoff(full, service, now),
        );
      }
    }
  });

  it('keeps the classification with custom assignee aliases', () => {
    const aliases = { defenderExperts: ['MDE Team'], customer: ['Contoso SOC'] };
    for (const assignedTo of ['MDE Team', 'Contoso SOC', 'someone@contoso.example', null]) {
      for (const status of ['active', 'inProgress', 'resolved']) {
        const full = incident({ assignedTo, status });
        expect(classifyCachedIncident(slimIncident(full), 'xdr', now, aliases)).toEqual(
          classifyHandoff(full, 'xdr', now, { aliases }),
        );
      }
    }
  });

  it('keeps only whether an alert came from Defender Experts hunting, not the alerts', () => {
    const hunted = slimIncident(
      incident({ alerts: [{ id: 'a1', detectionSource: 'antivirus' }, { id: 'a2', detectionSource: 'MicrosoftThreatExperts' }] }),
    );
    expect(hunted.huntingGenerated).toBe(true);
    expect(hunted).not.toHaveProperty('alerts');
    expect(slimIncident(incident({ alerts: [{ id: 'a1', detectionSource: 'antivirus' }] })).huntingGenerated).toBe(false);
    expect(classifyCachedIncident(hunted, 'xdr', now).rule).toBe('huntingGenerated');
    // What the classifier gets back is a valid GraphIncident.
    expect(graphIncidentSchema.safeParse(expandCachedIncident(hunted)).success).toBe(true);
  });

  it('cuts long text, keeps short text as is, and stays within its own schema', () => {
    const long = 'x'.repeat(5000);
    const slim = slimIncident(incident({ description: long, recommendedActions: long }));
    expect(slim.description).toHaveLength(cachedTextLimit + 1);
    expect(slim.description?.endsWith('…')).toBe(true);
    expect(slim.recommendedActions).toHaveLength(cachedTextLimit + 1);
    expect(slimIncident(incident({ description: 'short' })).description).toBe('short');
    for (const full of demoIncidents) expect(slimIncidentSchema.safeParse(slimIncident(full)).success).toBe(true);
  });

  it('is much smaller than the incident it comes from', () => {
    const full = JSON.stringify(demoIncidents);
    const slim = JSON.stringify(demoIncidents.map(slimIncident));
    expect(slim.length).toBeLessThan(full.length / 2);
  });
});
