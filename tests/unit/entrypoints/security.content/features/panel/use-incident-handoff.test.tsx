// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { askBackground, onTenantCacheChanged } from '@/utils/channels/portal-channel';
import { useIncidentHandoff } from '@/entrypoints/security.content/features/panel/use-incident-handoff';
import type { IncidentView } from '@/utils/messages/portal-answers';
import { contosoTid, deferred, fabrikamTid, incidentView, renderHook, settle, withIncident } from './panel-test-kit';

vi.mock('@/utils/channels/portal-channel', () => ({ askBackground: vi.fn(), onTenantCacheChanged: vi.fn() }));

const ask = vi.mocked(askBackground);
const subscribe = vi.mocked(onTenantCacheChanged);

/** Answers each getIncidentHandoff with the next view given (the last one again when they run out). */
function answerHandoffs(...views: IncidentView[]) {
  ask.mockImplementation(async () => ({ ok: true, ...(views.length > 1 ? views.shift()! : views[0]!) }) as never);
}

/** The cache-change listener the hook registered. */
const announceChange = (tenant: string) => subscribe.mock.calls[0]![1](tenant);

async function mount(pageTenantId: string | null = contosoTid) {
  const host = document.createElement('div');
  const controller = new AbortController();
  const rendered = await renderHook(useIncidentHandoff, { incidentId: '1002', pageTenantId, host, signal: controller.signal });
  return { ...rendered, host, controller };
}

beforeEach(() => {
  ask.mockReset();
  subscribe.mockReset();
});

describe('useIncidentHandoff', () => {
  it('says Loading… until the background answers, then shows the model and marks the host', async () => {
    const answer = deferred<never>();
    ask.mockReturnValue(answer.promise);
    const { result, host } = await mount();
    expect(ask).toHaveBeenCalledWith({ type: 'getIncidentHandoff', tenantId: contosoTid, incidentId: '1002' });
    expect(result.current.message).toBe('Loading…');
    expect(result.current.model).toBeNull();

    answer.resolve({ ok: true, ...incidentView() } as never);
    await settle();
    expect(result.current.message).toBeNull();
    expect(result.current.model?.owner.headline).toBe('Your move');
    expect(host.dataset.handoffOwner).toBe('partner');
    expect(host.dataset.handoffArea).toBe('incidentRemediation');
  });

  it('reloads when the background announces a change to the shown tenant, not to another one', async () => {
    answerHandoffs(incidentView(), withIncident(incidentView(), {}, { owner: 'defenderExperts', area: 'hunting' }));
    const { result, host } = await mount();
    await settle();
    expect(ask).toHaveBeenCalledTimes(1);

    announceChange(fabrikamTid);
    await settle();
    expect(ask).toHaveBeenCalledTimes(1);
    expect(host.dataset.handoffOwner).toBe('partner');

    announceChange(contosoTid);
    await settle();
    expect(ask).toHaveBeenCalledTimes(2);
    expect(result.current.model?.owner.kind).toBe('defenderExperts');
    expect(host.dataset.handoffOwner).toBe('defenderExperts');
    expect(host.dataset.handoffArea).toBe('hunting');
  });

  it('reloads on any tenant’s change while it knows no tenant for this page', async () => {
    answerHandoffs({ ...incidentView(), tenant: null, incident: null });
    const { result, host } = await mount(null);
    await settle();
    expect(result.current.message).toBe("Handoff has no data for this incident yet. Sign in and add this tenant in Handoff's options.");
    expect(host.dataset.handoffOwner).toBeUndefined();

    announceChange(fabrikamTid);
    await settle();
    expect(ask).toHaveBeenCalledTimes(2);
  });

  it('says why it could not load, and drops the host’s marks when the incident is gone', async () => {
    ask.mockResolvedValueOnce({ ok: true, ...incidentView() } as never);
    ask.mockRejectedValueOnce(new Error('Handoff’s background failed.'));
    ask.mockResolvedValueOnce({ ok: true, ...incidentView(), incident: null } as never);
    const { result, host } = await mount();
    await settle();
    expect(host.dataset.handoffArea).toBe('incidentRemediation');

    announceChange(contosoTid);
    await settle();
    // The failed reload keeps what was shown.
    expect(result.current.model).not.toBeNull();

    announceChange(contosoTid);
    await settle();
    expect(result.current.model).toBeNull();
    expect(host.dataset.handoffOwner).toBeUndefined();
    expect(host.dataset.handoffArea).toBeUndefined();
  });

  it('shows the load error when the first read fails', async () => {
    ask.mockRejectedValue(new Error('no tab tenant'));
    const { result } = await mount();
    await settle();
    expect(result.current.message).toBe('Handoff could not load this incident: no tab tenant');
  });

  it('keeps the comments of a live read when a cached answer (without comments) follows', async () => {
    const comments = [{ comment: 'Isolated the host', createdByDisplayName: 'Analyst', createdDateTime: '2026-11-27T10:00:00Z' }];
    answerHandoffs(incidentView());
    const { result } = await mount();
    await settle();
    result.current.acceptView(incidentView({ comments }));
    await settle();
    expect(result.current.view?.comments).toEqual(comments);

    announceChange(contosoTid);
    await settle();
    expect(ask).toHaveBeenCalledTimes(2);
    expect(result.current.view?.comments).toEqual(comments);

    // Another incident's cached answer does not inherit them.
    result.current.acceptView(withIncident(incidentView(), { id: '1003' }));
    await settle();
    expect(result.current.view?.comments).toBeNull();
  });

  it('changes nothing once the panel is gone (the signal aborted)', async () => {
    const answer = deferred<never>();
    ask.mockReturnValue(answer.promise);
    const { result, host, controller } = await mount();
    controller.abort();
    answer.resolve({ ok: true, ...incidentView() } as never);
    await settle();
    expect(result.current.model).toBeNull();
    expect(result.current.message).toBe('Loading…');
    expect(host.dataset.handoffOwner).toBeUndefined();
  });
});
