import { describe, expect, it } from 'vitest';
import {
  canMarkCompleted,
  canRunResponseAction,
  countOpenGuidedTasks,
  executableActionTypes,
  incidentTaskSchema,
  incidentTasksFilter,
  incidentTaskStatusFilter,
  isOpenGuidedTask,
  parseIncidentTasks,
  taskChangedSince,
  type IncidentTask,
} from '@/utils/domain/incident-tasks';
import type { IncidentTaskJson } from '../../fakes/graph-contract';
import { DOCUMENTED_INCIDENT_TASK } from '../../fixtures/incident-task-examples';

const raw = (overrides: Partial<IncidentTaskJson> & Record<string, unknown> = {}): IncidentTaskJson => ({
  id: '1002-1',
  incident: { id: '1002' },
  displayName: 'Reimage the device',
  description: 'Until reimaged',
  status: 'open',
  source: 'defenderExpertsGuidedResponse',
  actionType: 'text',
  actionStatus: 'notStarted',
  lastModifiedDateTime: '2026-11-27T09:00:00Z',
  ...overrides,
});
const parse = (value: unknown): IncidentTask => incidentTaskSchema.parse(value);

describe('incident tasks as Microsoft ships them', () => {
  it('parses the documented example: parent from incident.id, source defenderExpertsXDR kept, counted as open', () => {
    const task = parse(DOCUMENTED_INCIDENT_TASK);
    expect(task).toMatchObject({
      id: '213213',
      incidentId: '123',
      status: 'open',
      source: 'defenderExpertsXDR',
      actionType: 'isolateDevice',
      actionStatus: 'notStarted',
      createdByDisplayName: 'Defender Experts',
      lastModifiedDateTime: '2023-06-27T10:49:33.98Z',
      lastModifiedByDisplayName: 'bealfasi',
      responseAction: { isolationType: 'full', identifierValue: '02851525-dc00-438b-83f5-3b2947bf4a48' },
    });
    expect(isOpenGuidedTask(task)).toBe(true);
    expect(canRunResponseAction(task)).toBe(true);
    expect(canMarkCompleted(task)).toBe(false);
    expect(countOpenGuidedTasks([DOCUMENTED_INCIDENT_TASK])).toBe(1);
  });

  it('keeps a task whose enum values it does not know, and bounds long text', () => {
    const task = parse({ ...raw(), status: 'someday', actionType: 'launchRocket', actionStatus: 'warping', source: 'newService', displayName: 'x'.repeat(900) });
    expect(task).toMatchObject({ status: 'unknownFutureValue', actionType: 'unknownFutureValue', actionStatus: 'unknownFutureValue', source: 'newService' });
    expect(task.displayName).toHaveLength(500);
    expect(canRunResponseAction(task)).toBe(false);
    const bare = parse({ id: '7', status: 'open' });
    expect(bare).toMatchObject({ incidentId: null, actionType: 'text', actionStatus: null, responseAction: null });
  });

  it('holds task ids to a safe pattern (no dots, slashes or traversal)', () => {
    for (const id of ['.', '..', 'a/b', 'a.b', '', 'x'.repeat(129)]) {
      expect(parseIncidentTasks([raw({ id })]).skipped).toBe(1);
    }
    expect(parseIncidentTasks([raw({ id: 'a-1_b:2' })]).tasks).toHaveLength(1);
  });

  it('counts the partner’s open tasks: guided and unknown sources, not managed response, not done', () => {
    const items = [
      raw({ id: '1' }),
      raw({ id: '2', status: 'inProgress' }),
      raw({ id: '3', source: 'defenderExpertsXDR' }),
      raw({ id: '4', source: 'defenderExpertsManagedResponse' }),
      raw({ id: '5', status: 'completed' }),
      { id: 6 },
    ];
    expect(countOpenGuidedTasks(items)).toBe(3);
  });

  it('runs only open, not-started tasks of the eight executable types; marks completed only the others', () => {
    expect([...executableActionTypes].sort()).toEqual(
      ['collectInvestigationPackage', 'isolateDevice', 'unRestrictAppExecution', 'unIsolateDevice', 'restrictAppExecution', 'runAntiVirusScan', 'stopAndQuarantineFile', 'submitIocRule'].sort(),
    );
    expect(canRunResponseAction(parse(raw({ actionType: 'isolateDevice' })))).toBe(true);
    expect(canRunResponseAction(parse(raw({ actionType: 'forceUserPasswordReset' })))).toBe(false);
    expect(canRunResponseAction(parse(raw({ actionType: 'isolateDevice', actionStatus: 'inProgress' })))).toBe(false);
    expect(canRunResponseAction(parse(raw({ actionType: 'isolateDevice', status: 'inProgress' })))).toBe(false);
    expect(canRunResponseAction(parse(raw({ actionType: 'isolateDevice', source: 'defenderExpertsManagedResponse' })))).toBe(false);
    expect(canMarkCompleted(parse(raw({})))).toBe(true);
    expect(canMarkCompleted(parse(raw({ actionType: 'forceUserPasswordReset' })))).toBe(true);
    expect(canMarkCompleted(parse(raw({ actionType: 'isolateDevice' })))).toBe(false);
    expect(canMarkCompleted(parse(raw({ source: 'defenderExpertsManagedResponse' })))).toBe(false);
  });

  it('sees a change in status, lastModifiedDateTime or actionStatus', () => {
    const task = parse(raw({}));
    const shown = { status: task.status, lastModifiedDateTime: task.lastModifiedDateTime, actionStatus: task.actionStatus };
    expect(taskChangedSince(shown, task)).toBe(false);
    expect(taskChangedSince({ ...shown, lastModifiedDateTime: '2026-11-27T08:00:00Z' }, task)).toBe(true);
    expect(taskChangedSince({ ...shown, status: 'inProgress' }, task)).toBe(true);
    expect(taskChangedSince(shown, parse(raw({ actionStatus: 'inProgress' })))).toBe(true);
  });

  it('filters with documented names and eq only', () => {
    expect(incidentTasksFilter('1002')).toBe("incidentId eq '1002'");
    expect(incidentTasksFilter("a'b")).toBe("incidentId eq 'a''b'");
    expect(incidentTaskStatusFilter('open')).toBe("status eq 'open'");
  });
});
