import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { confirmDestructiveWrite, notConfirmed, notConfirmedMessage } from '@/utils/background/portal/destructive-writes';
import type { DestructiveWrite, PendingWriteView, WriteConfirmations } from '@/utils/background/write-confirmations';
import type { IncidentTasksResponse, QuickActionResponse } from '@/utils/messages/portal-answers';
import { settingsSchema } from '@/utils/domain/settings';
import { writeSettings } from '@/utils/storage/settings-storage';

/**
 * The gate in front of resolve and Run (SECURITY.md, threat 3): what the confirm window shows comes from
 * the worker (the configured tenant, the task as Graph lists it), never from the page's request alone,
 * and without the analyst's yes the panel gets the current state and nothing is written.
 */

const contoso = '0be4c400-0000-4000-8000-000000000001';

const resolveRequest = {
  type: 'resolveIncident',
  tenantId: contoso,
  incidentId: '1002',
  classification: 'truePositive',
  determination: 'malware',
  comment: 'Cleaned up',
} as unknown as DestructiveWrite;

const runRequest = {
  type: 'runIncidentTaskAction',
  tenantId: contoso,
  incidentId: '1002',
  taskId: '1002-1',
} as unknown as DestructiveWrite;

const tasksAnswer = {
  ok: true,
  available: true,
  tasks: [{ id: '1002-1', action: 'isolateDevice', actionText: 'Isolate device', targetText: 'CONTOSO-LT-0087' }],
} as unknown as IncidentTasksResponse;

function gate(approve: boolean, tasks: () => Promise<IncidentTasksResponse> = async () => tasksAnswer) {
  const shown: Array<Omit<PendingWriteView, 'expiresAt'>> = [];
  const confirmations = {
    confirm: vi.fn(async (view: Omit<PendingWriteView, 'expiresAt'>) => {
      shown.push(view);
      return approve;
    }),
  } as unknown as WriteConfirmations;
  const refreshIncident = vi.fn(async () => ({ ok: true, outcome: 'done', message: 'as it is' }) as unknown as QuickActionResponse);
  const incidentTasks = vi.fn(tasks);
  return { shown, deps: { confirmations, refreshIncident, incidentTasks, now: () => new Date('2026-12-02T09:00:00Z') } };
}

describe('the confirm gate of destructive writes', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    await writeSettings(settingsSchema.parse({ tenants: [{ tenantId: contoso, displayName: 'Contoso', service: 'xdr' }] }));
  });

  it('shows the configured tenant and the resolve as asked, and passes on only the analyst’s answer', async () => {
    const yes = gate(true);
    expect(await confirmDestructiveWrite(resolveRequest, yes.deps)).toBe(true);
    expect(yes.shown).toHaveLength(1);
    expect(yes.shown[0]?.title).toBe('Resolve incident 1002?');
    expect(yes.shown[0]?.lines).toEqual([
      `Tenant: Contoso (${contoso})`,
      'Incident: 1002',
      'Classification: True positive',
      'Determination: Malware',
      'Comment: Cleaned up',
    ]);
    expect(yes.shown[0]?.confirmLabel).toBe('Resolve incident');

    const no = gate(false);
    expect(await confirmDestructiveWrite(resolveRequest, no.deps)).toBe(false);
  });

  it('names a Run’s action and target from the task Graph lists, not from the request', async () => {
    const { shown, deps } = gate(true);
    await confirmDestructiveWrite(runRequest, deps);
    expect(deps.incidentTasks).toHaveBeenCalledWith({ type: 'getIncidentTasks', tenantId: contoso, incidentId: '1002' });
    expect(shown[0]?.title).toBe('Run isolate device?');
    expect(shown[0]?.lines).toEqual([
      `Tenant: Contoso (${contoso})`,
      'Incident: 1002',
      'Task: isolateDevice',
      'Action: Isolate device',
      'Target: CONTOSO-LT-0087',
    ]);
    expect(shown[0]?.confirmLabel).toBe('Run response action');
  });

  it('names the task asked for among the incident’s tasks, and no target when Graph gives none', async () => {
    const twoTasks = {
      ok: true,
      available: true,
      tasks: [
        { id: '1002-0', action: 'collectInvestigationPackage', actionText: 'Collect investigation package', targetText: 'CONTOSO-WS-0201' },
        { id: '1002-1', action: 'runAntivirusScan', actionText: 'Run antivirus scan', targetText: null },
      ],
    } as unknown as IncidentTasksResponse;
    const { shown, deps } = gate(true, async () => twoTasks);
    await confirmDestructiveWrite(runRequest, deps);
    expect(shown[0]?.title).toBe('Run run antivirus scan?');
    expect(shown[0]?.lines).toEqual([`Tenant: Contoso (${contoso})`, 'Incident: 1002', 'Task: runAntivirusScan', 'Action: Run antivirus scan']);
  });

  it('still asks, naming the task id, when the tasks cannot be read', async () => {
    const { shown, deps } = gate(true, async () => {
      throw new Error('beta unavailable');
    });
    expect(await confirmDestructiveWrite(runRequest, deps)).toBe(true);
    expect(shown[0]?.title).toBe('Run the response action?');
    expect(shown[0]?.lines).toEqual([`Tenant: Contoso (${contoso})`, 'Incident: 1002', 'Task: 1002-1']);
  });

  it('a tenant Handoff does not know is named by its id only', async () => {
    const { shown, deps } = gate(false);
    const other = { ...resolveRequest, tenantId: '0be4c400-0000-4000-8000-000000000099' } as DestructiveWrite;
    await confirmDestructiveWrite(other, deps);
    expect(shown[0]?.lines[0]).toBe('Tenant: 0be4c400-0000-4000-8000-000000000099');
  });

  it('a page without a tenant, and no one signed in, is named "your own tenant"', async () => {
    const { shown, deps } = gate(false);
    await confirmDestructiveWrite({ ...resolveRequest, tenantId: null } as DestructiveWrite, deps);
    expect(shown[0]?.lines[0]).toBe('Tenant: your own tenant');
  });

  it('not confirmed: the panel gets the current state and the reason, from reads only', async () => {
    const { deps } = gate(false);
    expect(await notConfirmed(resolveRequest, deps)).toMatchObject({ action: 'resolve', outcome: 'refused', message: notConfirmedMessage });
    expect(deps.refreshIncident).toHaveBeenCalledWith({ type: 'refreshIncident', tenantId: contoso, incidentId: '1002' });
    expect(await notConfirmed(runRequest, deps)).toEqual({ ok: true, outcome: 'refused', message: notConfirmedMessage, tasks: tasksAnswer });
    expect(deps.incidentTasks).toHaveBeenCalledWith({ type: 'getIncidentTasks', tenantId: contoso, incidentId: '1002' });
    expect(deps.confirmations.confirm).not.toHaveBeenCalled();
  });
});
