import { describe, expect, it } from 'vitest';
import {
  countOpenGuidedTasks,
  incidentTasksFilter,
  incidentTaskViewOf,
  openIncidentTasksFilter,
  parseIncidentTasks,
} from '@/utils/domain/incident-tasks';

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

describe('incident task filters, counts and views', () => {
  it('filter one incident’s tasks, quotes doubled, and the open ones', () => {
    expect(incidentTasksFilter('1002')).toBe("incidentId eq '1002'");
    expect(incidentTasksFilter("a'b")).toBe("incidentId eq 'a''b'");
    expect(openIncidentTasksFilter).toBe("status eq 'open' or status eq 'inProgress'");
  });

  it('count only open guided-response tasks, and unreadable items not at all', () => {
    const items = [
      raw({}),
      raw({ id: '2', status: 'inProgress' }),
      raw({ id: '3', status: 'completed' }),
      raw({ id: '4', source: 'defenderExpertsManagedResponse' }),
      { id: '<bad>' },
    ];
    expect(countOpenGuidedTasks(items)).toBe(2);
    expect(countOpenGuidedTasks(null)).toBe(0);
  });

  it('view a task as text for the panel, with whether it can be marked completed', () => {
    const [open, managed] = parseIncidentTasks([
      raw({}),
      raw({ id: '2', status: 'completed', displayName: null, source: 'defenderExpertsManagedResponse' }),
    ]).tasks;
    expect(incidentTaskViewOf(open!)).toEqual({
      id: '1002-1',
      action: 'Isolate device',
      description: 'Until reimaged',
      status: 'open',
      statusText: 'Open',
      ownerText: 'Guided response: yours to do',
      canMarkCompleted: true,
      lastUpdateDateTime: '2026-11-27T09:00:00Z',
    });
    expect(incidentTaskViewOf(managed!)).toMatchObject({
      action: '(untitled task)',
      statusText: 'Completed',
      ownerText: 'Managed response: done by Defender Experts',
      canMarkCompleted: false,
    });
  });
});
