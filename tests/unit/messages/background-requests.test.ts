import { describe, expect, it } from 'vitest';
import { backgroundRequestSchema, contentScriptRequestTypes } from '@/utils/messages/background-requests';

const contoso = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const shown = { status: 'active', assignedTo: null, lastUpdateDateTime: '2026-11-27T10:00:00Z' };
const resolve = {
  type: 'resolveIncident',
  tenantId: contoso,
  incidentId: '1008',
  shown,
  classification: 'truePositive',
  determination: 'malware',
  comment: '  Cleaned.  ',
};

describe('quick-action requests (validated by the background)', () => {
  it('are among what a content script may send', () => {
    for (const type of ['assignIncidentToMe', 'resolveIncident', 'commentOnIncident', 'refreshIncident'] as const) {
      expect(contentScriptRequestTypes.has(type)).toBe(true);
    }
    expect(contentScriptRequestTypes.has('refreshNow')).toBe(false);
  });

  it('take a resolve with a determination of its classification, the comment trimmed', () => {
    const parsed = backgroundRequestSchema.parse(resolve);
    expect(parsed).toMatchObject({ classification: 'truePositive', determination: 'malware', comment: 'Cleaned.' });
  });

  it('refuse a determination of another classification, an unknown classification, an empty comment', () => {
    expect(backgroundRequestSchema.safeParse({ ...resolve, determination: 'notMalicious' }).success).toBe(false);
    expect(backgroundRequestSchema.safeParse({ ...resolve, classification: 'unknown' }).success).toBe(false);
    expect(backgroundRequestSchema.safeParse({ ...resolve, comment: '   ' }).success).toBe(false);
    expect(backgroundRequestSchema.safeParse({ type: 'commentOnIncident', tenantId: contoso, incidentId: '1', shown, comment: '' }).success).toBe(false);
  });

  it('need the version shown, and a safe incident id', () => {
    expect(backgroundRequestSchema.safeParse({ type: 'assignIncidentToMe', tenantId: contoso, incidentId: '1008' }).success).toBe(false);
    expect(
      backgroundRequestSchema.safeParse({ type: 'assignIncidentToMe', tenantId: contoso, incidentId: '../1008', shown }).success,
    ).toBe(false);
    expect(
      backgroundRequestSchema.safeParse({ type: 'assignIncidentToMe', tenantId: contoso, incidentId: '1008', shown: { ...shown, status: 'sleeping' } })
        .success,
    ).toBe(false);
  });
});

describe('managed-response requests (validated by the background)', () => {
  const complete = {
    type: 'completeIncidentTask',
    tenantId: contoso,
    incidentId: '1002',
    taskId: '1002-1',
    shown: { status: 'open', lastModifiedDateTime: '2026-11-27T09:00:00Z', actionStatus: 'notStarted' },
  };
  const run = { ...complete, type: 'runIncidentTaskAction', taskId: '213213' };

  it('are among what a content script may send', () => {
    for (const type of ['getIncidentTasks', 'completeIncidentTask', 'runIncidentTaskAction', 'getHuntingGuidance'] as const) {
      expect(contentScriptRequestTypes.has(type)).toBe(true);
    }
  });

  it('take a task id of safe characters and the task as shown', () => {
    expect(backgroundRequestSchema.safeParse(complete).success).toBe(true);
    expect(backgroundRequestSchema.safeParse({ ...complete, taskId: '../incidents/1002' }).success).toBe(false);
    expect(backgroundRequestSchema.safeParse(run).success).toBe(true);
    for (const taskId of ['.', '..', 'a.b', 'a/b', '']) {
      expect(backgroundRequestSchema.safeParse({ ...run, taskId }).success).toBe(false);
    }
    expect(backgroundRequestSchema.safeParse({ ...complete, shown: { status: 'open' } }).success).toBe(false);
    expect(backgroundRequestSchema.safeParse({ type: 'getIncidentTasks', tenantId: contoso, incidentId: '1002' }).success).toBe(true);
  });
});
