import { describe, expect, it } from 'vitest';
import {
  canMarkCompleted,
  isOpenGuidedTask,
  parseIncidentTasks,
  taskChangedSince,
  taskOwnerText,
} from '@/utils/domain/incident-tasks';
import { defenderExpertsInquiry } from '@/utils/portal/defender-experts-inquiry';

const raw = (overrides: Record<string, unknown>) => ({
  id: '1002-1',
  incidentId: '1002',
  displayName: 'Isolate device',
  description: 'Until reimaged',
  status: 'open',
  source: 'defenderExpertsGuidedResponse',
  lastUpdateDateTime: '2026-11-27T09:00:00Z',
  ...overrides,
});

describe('incident tasks', () => {
  it('parse tolerantly: unknown status kept as unknownFutureValue, bad items counted', () => {
    const { tasks, skipped } = parseIncidentTasks([raw({}), raw({ id: '2', status: 'blocked' }), { id: '<script>' }, null, 42]);
    expect(tasks.map((task) => [task.id, task.status])).toEqual([
      ['1002-1', 'open'],
      ['2', 'unknownFutureValue'],
    ]);
    expect(skipped).toBe(3);
    expect(parseIncidentTasks('nope')).toEqual({ tasks: [], skipped: 0 });
  });

  it('count open guided tasks only, and only those can be marked completed', () => {
    const [open, inProgress, done, managed] = parseIncidentTasks([
      raw({}),
      raw({ id: 'b', status: 'inProgress' }),
      raw({ id: 'c', status: 'completed' }),
      raw({ id: 'd', source: 'defenderExpertsManagedResponse' }),
    ]).tasks;
    expect([open, inProgress, done, managed].map((task) => isOpenGuidedTask(task!))).toEqual([true, true, false, false]);
    expect(canMarkCompleted(managed!)).toBe(false);
    expect(taskOwnerText(managed!)).toContain('done by Defender Experts');
    expect(taskOwnerText(open!)).toContain('yours to do');
  });

  it('detect a task changed since shown', () => {
    const [task] = parseIncidentTasks([raw({})]).tasks;
    expect(taskChangedSince({ status: 'open', lastUpdateDateTime: '2026-11-27T09:00:00Z' }, task!)).toBe(false);
    expect(taskChangedSince({ status: 'open', lastUpdateDateTime: '2026-11-27T08:00:00Z' }, task!)).toBe(true);
    expect(taskChangedSince({ status: 'inProgress', lastUpdateDateTime: '2026-11-27T09:00:00Z' }, task!)).toBe(true);
  });
});

describe('defenderExpertsInquiry', () => {
  it('links the incident in its tenant and leaves placeholders for what the analyst must add', () => {
    const text = defenderExpertsInquiry(
      { id: '1002', displayName: 'Credential theft', severity: 'high', status: 'awaitingAction', tenantId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301' },
      '',
      'Is CONTOSO-DC-01 also affected?',
    );
    expect(text).toContain('Incident 1002: Credential theft');
    expect(text).toContain('Link: https://security.microsoft.com/incident2/1002/overview?tid=3f2504e0-4f89-41d3-9a0c-0305e82c3301');
    expect(text).toContain('[Describe what you observed');
    expect(text).toContain('Is CONTOSO-DC-01 also affected?');
  });
});
