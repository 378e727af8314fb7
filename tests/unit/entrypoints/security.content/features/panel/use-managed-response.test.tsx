// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { askBackground } from '@/utils/channels/portal-channel';
import { useManagedResponse } from '@/entrypoints/security.content/features/panel/use-managed-response';
import type { CopyText } from '@/entrypoints/security.content/features/panel/use-panel-chrome';
import type {
  CompleteIncidentTaskResponse,
  HuntingGuidanceResponse,
  IncidentTasksResponse,
  IncidentView,
  PortalIncidentTask,
} from '@/utils/messages/portal-answers';
import type { BackgroundRequest } from '@/utils/messages/background-requests';
import { contosoTid, deferred, incidentView, renderHook, settle, withIncident } from './panel-test-kit';

vi.mock('@/utils/channels/portal-channel', () => ({ askBackground: vi.fn(), onTenantCacheChanged: vi.fn() }));
// Building a real link gzips on a worker thread; a stand-in shows which query and tenant it was given.
vi.mock('@/utils/portal/portal-url', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/utils/portal/portal-url')>()),
  advancedHuntingUrl: vi.fn(async (kql: string, tenant?: string | null) => {
    if (kql === 'fails') throw new Error('no CompressionStream');
    return `hunt:${tenant}:${kql}`;
  }),
}));

const ask = vi.mocked(askBackground);

const openTask: PortalIncidentTask = {
  id: '1002-1',
  action: 'Isolate the device',
  description: null,
  status: 'open',
  statusText: 'Open',
  ownerText: 'Guided response: yours to do',
  canMarkCompleted: true,
  actionType: 'text',
  actionText: 'Manual step',
  targetText: null,
  actionStatus: 'notStarted',
  actionStatusText: 'Not started',
  createdBy: 'Defender Experts',
  createdDateTime: '2026-11-27T08:00:00Z',
  lastModifiedBy: 'Defender Experts',
  lastModifiedDateTime: '2026-11-27T09:00:00Z',
  canRun: false,
};
const someTasks: IncidentTasksResponse = { ok: true, available: true, tasks: [openTask] };
const noTasks: IncidentTasksResponse = { ok: true, available: true, tasks: [] };

/** Answers by request type; a missing answer fails the read, as a background error would. */
interface Answers {
  tasks?: Promise<IncidentTasksResponse>;
  guidance?: Promise<HuntingGuidanceResponse>;
  complete?: Promise<CompleteIncidentTaskResponse>;
}

function answer(answers: Answers) {
  ask.mockImplementation(((request: BackgroundRequest) => {
    const reply =
      request.type === 'getIncidentTasks' ? answers.tasks : request.type === 'getHuntingGuidance' ? answers.guidance : answers.complete;
    return reply ?? Promise.reject(new Error(`no answer to ${request.type}`));
  }) as never);
}

const huntingView = (service: 'xdr' | 'hunting' | 'none' = 'hunting') =>
  withIncident({ ...incidentView(), tenant: { ...incidentView().tenant!, service } }, { status: 'active' }, { area: 'hunting' });

async function mount(view: IncidentView | null, pageTenantId: string | null = contosoTid) {
  const controller = new AbortController();
  const showNotice = vi.fn();
  const copy = vi.fn<CopyText>(async () => {});
  const props = { incidentId: '1002', pageTenantId, view, signal: controller.signal, showNotice, copy };
  const rendered = await renderHook((all: typeof props) => useManagedResponse(all, all.view, all), props);
  return { ...rendered, props, controller, showNotice, copy };
}

const typesAsked = () => ask.mock.calls.map(([request]) => request.type);

beforeEach(() => {
  ask.mockReset();
});

describe('useManagedResponse: remediation tasks', () => {
  it('reads an XDR incident’s tasks once, and shows them while it awaits action', async () => {
    answer({ tasks: Promise.resolve(someTasks) });
    const { result, rerender, props } = await mount(incidentView());
    await settle();
    expect(ask).toHaveBeenCalledWith({ type: 'getIncidentTasks', tenantId: contosoTid, incidentId: '1002' });
    expect(result.current.tasks).toEqual(someTasks);
    expect(result.current.writeBlockedReason).toBeNull();

    // Not again when the view changes, nor when its service comes back (once per panel).
    await rerender({ ...props, view: withIncident(incidentView(), { assignedTo: 'analyst@woodgrove-mssp.example' }) });
    await settle();
    await rerender({ ...props, view: { ...incidentView(), tenant: { ...incidentView().tenant!, service: 'none' } } });
    await settle();
    await rerender(props);
    await settle();
    expect(typesAsked()).toEqual(['getIncidentTasks']);
  });

  it('shows "not available" with the reason when the tasks read fails', async () => {
    answer({});
    const { result } = await mount(incidentView());
    await settle();
    expect(result.current.tasks).toEqual({ ok: true, available: false, reason: 'no answer to getIncidentTasks' });
  });

  it('hides an empty list unless the incident awaits action, and asks nothing for other services', async () => {
    answer({ tasks: Promise.resolve(noTasks) });
    const active = await mount(withIncident(incidentView(), { status: 'active' }));
    await settle();
    expect(typesAsked()).toEqual(['getIncidentTasks']);
    expect(active.result.current.tasks).toBeNull();

    ask.mockClear();
    const hunting = await mount({ ...incidentView(), tenant: { ...incidentView().tenant!, service: 'none' } });
    await settle();
    expect(ask).not.toHaveBeenCalled();
    expect(hunting.result.current.tasks).toBeNull();
  });

  it('marks a task completed with the version shown, busy meanwhile, then shows the tasks and the outcome', async () => {
    const done = deferred<CompleteIncidentTaskResponse>();
    const twoMinutesAgo = new Date(Date.now() - 2 * 60_000 - 5_000).toISOString();
    const completed: IncidentTasksResponse = {
      ok: true,
      available: true,
      tasks: [{ ...openTask, status: 'completed', canMarkCompleted: false, lastModifiedBy: 'Jordan Lee', lastModifiedDateTime: twoMinutesAgo }],
    };
    answer({ tasks: Promise.resolve(someTasks), complete: done.promise });
    const { result } = await mount(incidentView());
    await settle();

    void result.current.markTaskCompleted(openTask);
    await settle();
    expect(ask).toHaveBeenLastCalledWith({
      type: 'completeIncidentTask',
      tenantId: contosoTid,
      incidentId: '1002',
      taskId: '1002-1',
      shown: { status: 'open', lastModifiedDateTime: '2026-11-27T09:00:00Z', actionStatus: 'notStarted' },
    });
    expect(result.current.busyTaskId).toBe('1002-1');
    expect(result.current.taskResult).toBeNull();

    done.resolve({ ok: true, outcome: 'conflict', message: 'The task changed meanwhile.', tasks: completed });
    await settle();
    expect(result.current.tasks).toEqual(completed);
    // Said under that task, with who and when (the worker's own words are for the audit log).
    expect(result.current.taskResult).toEqual({
      taskId: '1002-1',
      kind: 'conflict',
      text: 'Jordan Lee changed this task 2 minutes ago. Nothing was written.',
    });
    expect(result.current.busyTaskId).toBeNull();
  });

  it('says nothing changed when marking fails, and why writing is blocked', async () => {
    answer({ tasks: Promise.resolve(someTasks) });
    const blocked = { ...incidentView(), writeAccess: { allowed: false, reason: null } };
    const { result } = await mount(blocked);
    await settle();
    expect(result.current.writeBlockedReason).toBe('Not allowed.');
    await result.current.markTaskCompleted(openTask);
    await settle();
    expect(result.current.taskResult).toEqual({ taskId: '1002-1', kind: 'error', text: 'Nothing changed: no answer to completeIncidentTask' });
    expect(result.current.busyTaskId).toBeNull();
    expect(result.current.tasks).toEqual(someTasks);
  });
});

describe('useManagedResponse: hunting guidance and the inquiry', () => {
  it('reads a hunting incident’s guidance once and links each query (null where a link fails)', async () => {
    const guidance: HuntingGuidanceResponse = {
      ok: true,
      available: true,
      recommendedActions: 'Reset the password',
      huntingQueries: ['DeviceEvents', 'fails'],
    };
    answer({ guidance: Promise.resolve(guidance) });
    const { result, rerender, props } = await mount(huntingView(), null);
    await settle();
    expect(ask).toHaveBeenCalledWith({ type: 'getHuntingGuidance', tenantId: null, incidentId: '1002' });
    expect(typesAsked()).toEqual(['getHuntingGuidance']);
    expect(result.current.guidance).toEqual(guidance);
    expect(result.current.guidanceUrls).toEqual([`hunt:${contosoTid}:DeviceEvents`, null]);

    // Shown only while the incident is a hunting one.
    await rerender({ ...props, view: withIncident(huntingView(), {}, { area: 'incidentRemediation' }) });
    expect(result.current.guidance).toBeNull();
    // Read once per panel, even when it is a hunting one again.
    await rerender(props);
    await settle();
    expect(typesAsked()).toEqual(['getHuntingGuidance']);
    expect(result.current.guidance).toEqual(guidance);
  });

  it('shows "not available" when the guidance read fails, and nothing for other incidents', async () => {
    answer({ tasks: Promise.resolve(noTasks) });
    const hunting = await mount(huntingView());
    await settle();
    expect(hunting.result.current.guidance).toEqual({ ok: true, available: false, reason: 'no answer to getHuntingGuidance' });

    ask.mockClear();
    const other = await mount(incidentView());
    await settle();
    expect(typesAsked()).toEqual(['getIncidentTasks']);
    expect(other.result.current.guidance).toBeNull();
  });

  it('copies an inquiry for Ask Defender Experts, only for tenants with a Defender Experts service', async () => {
    answer({ tasks: Promise.resolve(noTasks), guidance: Promise.resolve({ ok: true, available: false, reason: 'beta' }) });
    const { result, copy } = await mount(huntingView('hunting'));
    await settle();
    result.current.copyInquiry!();
    expect(copy).toHaveBeenCalledWith(
      'Inquiry for Ask Defender Experts',
      expect.stringContaining('Incident 1002: Multi-stage incident'),
      'Paste it in the portal: "Ask Defender Experts" is at the top of the incident page (portal only), then fill in what you saw and your question.',
    );
    expect(copy.mock.calls[0]![1]).toContain(`tid=${contosoTid}`);

    const none = await mount(huntingView('none'));
    expect(none.result.current.copyInquiry).toBeUndefined();
    const unknown = await mount(null);
    expect(unknown.result.current.copyInquiry).toBeUndefined();
  });
});
