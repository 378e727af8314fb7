import { describe, expect, it } from 'vitest';
import type { IncidentTasksResponse, IncidentView, PortalIncidentTask } from '@/utils/messages/portal-answers';
import { incidentPanelModel } from '@/utils/portal/incident-panel-model';
import { incidentConflictText, primaryAction, taskConflictText, taskProgress } from '@/utils/portal/incident-panel-next';
import type { IncidentVersion } from '@/utils/portal/quick-action-rules';

const contosoTid = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const now = Date.parse('2026-11-27T12:00:00Z');

function view(handoff: Partial<NonNullable<IncidentView['incident']>['handoff']> = {}, service: 'xdr' | 'hunting' | 'none' = 'xdr'): IncidentView {
  return {
    tenant: { tenantId: contosoTid, displayName: 'Contoso', service, teamsChannelUrl: null, color: '#0f6cbd' },
    status: null,
    incident: {
      incident: {
        id: '1002',
        displayName: 'Multi-stage incident',
        status: 'awaitingAction',
        severity: 'high',
        classification: 'unknown',
        determination: 'unknown',
        assignedTo: null,
        createdDateTime: '2026-11-25T19:00:00Z',
        lastUpdateDateTime: '2026-11-27T11:58:00Z',
        redirectIncidentId: null,
        customTags: [],
        description: null,
        recommendedActions: null,
        recommendedHuntingQueries: [],
      },
      handoff: {
        incidentId: '1002',
        owner: 'partner',
        area: 'incidentRemediation',
        inDefenderExpertsScope: true,
        partnerAction: { kind: 'act', text: 'Act on the remediation actions, then resolve the incident' },
        redirectIncidentId: null,
        stepSince: '2026-11-27T09:00:00.000Z',
        ...handoff,
      },
    },
    duties: null,
    writeAccess: { allowed: true, reason: null },
    username: 'analyst@woodgrove-mssp.example',
    comments: null,
  };
}

function task(id: string, status: PortalIncidentTask['status'], extra: Partial<PortalIncidentTask> = {}): PortalIncidentTask {
  return {
    id,
    action: `Task ${id}`,
    description: null,
    actionType: 'text',
    actionText: 'Do it by hand',
    targetText: null,
    status,
    statusText: status,
    actionStatus: null,
    actionStatusText: null,
    ownerText: 'Yours',
    createdBy: null,
    createdDateTime: null,
    lastModifiedBy: null,
    lastModifiedDateTime: null,
    canMarkCompleted: status === 'open',
    canRun: false,
    ...extra,
  };
}

const tasks = (...list: PortalIncidentTask[]): IncidentTasksResponse => ({ ok: true, available: true, tasks: list });
const model = (source: IncidentView) => incidentPanelModel(source, { pageTenantId: contosoTid, now })!;

describe('the panel’s next step', () => {
  it('counts the tasks still open (not completed, not set aside), and says nothing without a list', () => {
    const list = tasks(task('1', 'open'), task('2', 'completed'), task('3', 'inProgress'), task('4', 'notRelevant'), task('5', 'failed'));
    expect(taskProgress(list)).toEqual({ open: 3, text: '3 of 5 tasks open' });
    expect(taskProgress(tasks())).toBeNull();
    expect(taskProgress({ ok: true, available: false, reason: 'beta 403' })).toBeNull();
    expect(taskProgress(null)).toBeNull();
  });

  it('offers the first open task, else Managed response for an action on XDR, else nothing', () => {
    expect(primaryAction(model(view()), tasks(task('1', 'completed'), task('2', 'open')))).toEqual({
      kind: 'task',
      taskId: '2',
      text: 'Next task: Task 2',
    });
    expect(primaryAction(model(view()), tasks(task('1', 'completed')))).toEqual({
      kind: 'portal',
      place: 'managedResponse',
      text: 'Open Managed response',
    });
    expect(primaryAction(model(view({}, 'hunting')), null)).toBeNull();
    // A triage's Assign to me is a quick action right below the card: not offered twice.
    expect(primaryAction(model(view({ partnerAction: { kind: 'triage', text: 'Triage it' } })), null)).toBeNull();
    expect(primaryAction(model(view({ owner: 'defenderExperts', partnerAction: null })), tasks(task('1', 'open')))).toBeNull();
  });

  it('sends a merged incident to the one it went into', () => {
    const merged = view({ owner: 'none', area: 'merged', partnerAction: null, redirectIncidentId: '1001' });
    expect(primaryAction(model(merged), null)).toEqual({
      kind: 'link',
      url: `https://security.microsoft.com/incident2/1001/overview?tid=${contosoTid}`,
      text: 'Open incident 1001',
    });
  });
});

describe('conflicts in human words', () => {
  const shown: IncidentVersion = { status: 'active', assignedTo: null, lastUpdateDateTime: '2026-11-27T09:00:00Z' };

  it('names the author of a comment made since it was shown, and how long ago it changed', () => {
    const current = view();
    current.incident!.incident.assignedTo = 'jordan.lee@woodgrove-mssp.example';
    current.comments = [
      { comment: 'Older', createdByDisplayName: 'Sam Doe', createdDateTime: '2026-11-27T08:00:00Z' },
      { comment: 'Taking this.', createdByDisplayName: 'Jordan Lee', createdDateTime: '2026-11-27T11:58:00Z' },
    ];
    expect(incidentConflictText(shown, current, now)).toBe('Jordan Lee changed this 2 minutes ago. Nothing was written.');
  });

  it('falls back to the new assignee, then to "Someone"; never a comment older than what was shown', () => {
    const assigned = view();
    assigned.incident!.incident.assignedTo = 'jordan.lee@woodgrove-mssp.example';
    assigned.comments = [{ comment: 'Older', createdByDisplayName: 'Sam Doe', createdDateTime: '2026-11-27T08:00:00Z' }];
    expect(incidentConflictText(shown, assigned, now)).toBe('jordan.lee@woodgrove-mssp.example changed this 2 minutes ago. Nothing was written.');
    const statusOnly = view();
    statusOnly.incident!.incident.lastUpdateDateTime = '2026-11-27T09:00:30Z';
    expect(incidentConflictText(shown, statusOnly, now)).toBe('Someone changed this 2 hours ago. Nothing was written.');
    expect(incidentConflictText(shown, { ...view(), incident: null }, now)).toBe('Someone changed this since it was shown. Nothing was written.');
  });

  it('says who changed a task and when', () => {
    const list = tasks(task('1', 'completed', { lastModifiedBy: 'Jordan Lee', lastModifiedDateTime: '2026-11-27T11:00:00Z' }));
    expect(taskConflictText('1', list, now)).toBe('Jordan Lee changed this task 1 hour ago. Nothing was written.');
    expect(taskConflictText('9', list, now)).toBe('Someone changed this task since it was shown. Nothing was written.');
  });
});
