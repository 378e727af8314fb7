import { describe, expect, it } from 'vitest';
import { incidentTaskActionLabels, incidentTaskViewOf, taskTargetText } from '@/utils/domain/incident-task-views';
import { incidentTaskActionTypes, incidentTaskSchema } from '@/utils/domain/incident-tasks';
import { DOCUMENTED_INCIDENT_TASK } from '../../fixtures/incident-task-examples';

describe('incident task views', () => {
  it('show the documented example: title, what it does, target, statuses, who created and changed it, Run', () => {
    expect(incidentTaskViewOf(incidentTaskSchema.parse(DOCUMENTED_INCIDENT_TASK))).toEqual({
      id: '213213',
      action: 'Isolate device testmachine20',
      description: 'This action will isolate device testmachine20 from the network.',
      actionType: 'isolateDevice',
      actionText: 'Isolate device',
      targetText: '02851525-dc00-438b-83f5-3b2947bf4a48 · full isolation',
      status: 'open',
      statusText: 'Open',
      actionStatus: 'notStarted',
      actionStatusText: 'Not started',
      ownerText: 'Defender Experts: yours to do',
      createdBy: 'Defender Experts',
      createdDateTime: '2023-06-26T19:07:39.7433333Z',
      lastModifiedBy: 'bealfasi',
      lastModifiedDateTime: '2023-06-27T10:49:33.98Z',
      canMarkCompleted: false,
      canRun: true,
    });
  });

  it('word every action type, and a target from deviceId; none without a response action', () => {
    for (const type of incidentTaskActionTypes) expect(incidentTaskActionLabels[type]).toMatch(/\w/);
    const quarantine = incidentTaskSchema.parse({
      id: '1',
      status: 'open',
      actionType: 'stopAndQuarantineFile',
      responseAction: { identifierValue: 'abc', deviceId: 'dev-1' },
    });
    expect(taskTargetText(quarantine)).toBe('abc · device dev-1');
    expect(incidentTaskViewOf(incidentTaskSchema.parse({ id: '2', status: 'open' }))).toMatchObject({
      targetText: null,
      actionText: 'Manual step',
      actionStatusText: null,
      canRun: false,
      canMarkCompleted: true,
    });
  });
});
