// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { askBackground } from '@/utils/channels/portal-channel';
import { useQuickActions } from '@/entrypoints/security.content/features/panel/use-quick-actions';
import type { IncidentView, QuickActionResponse } from '@/utils/messages/portal-answers';
import type { IncidentVersion } from '@/utils/portal/quick-action-rules';
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
const shown: IncidentVersion = { status: 'awaitingAction', assignedTo: 'Customer', lastUpdateDateTime: '2026-11-27T09:00:00Z' };

function answer(outcome: QuickActionResponse['outcome'], message: string, view = incidentView()): QuickActionResponse {
  return { ok: true, action: 'assignToMe', outcome, message, view };
}

async function mount(options: { view?: IncidentView | null; pageTenantId?: string | null; huntingQueries?: readonly string[] } = {}) {
  const controller = new AbortController();
  const acceptView = vi.fn();
  const showNotice = vi.fn();
  const props = {
    incidentId: '1002',
    pageTenantId: options.pageTenantId === undefined ? contosoTid : options.pageTenantId,
    view: options.view === undefined ? incidentView() : options.view,
    signal: controller.signal,
    acceptView,
    showNotice,
    huntingQueries: options.huntingQueries ?? [],
  };
  const rendered = await renderHook(
    (all: typeof props) => useQuickActions(all, all.view, all.acceptView, all.showNotice, all.huntingQueries),
    props,
  );
  return { ...rendered, props, controller, acceptView, showNotice };
}

beforeEach(() => {
  ask.mockReset();
});

describe('useQuickActions', () => {
  it('runs an action through the background with the shown version, busy meanwhile, and says it was done', async () => {
    const reply = deferred<QuickActionResponse>();
    ask.mockReturnValue(reply.promise as never);
    const { result, acceptView, showNotice } = await mount();
    expect(result.current.formsKey).toBe(0);

    void result.current.assignToMe(shown);
    await settle();
    expect(ask).toHaveBeenCalledWith({ type: 'assignIncidentToMe', tenantId: contosoTid, incidentId: '1002', shown });
    expect(result.current.busy).toBe('assignToMe');
    expect(showNotice).toHaveBeenLastCalledWith(null);

    const after = withIncident(incidentView(), { assignedTo: 'analyst@woodgrove-mssp.example' });
    reply.resolve(answer('done', 'Assigned to you.', after));
    await settle();
    expect(acceptView).toHaveBeenCalledWith(after);
    expect(showNotice).toHaveBeenLastCalledWith({ kind: 'done', text: 'Assigned to you.' });
    expect(result.current.busy).toBeNull();
    // A done action empties the forms (their key changes).
    expect(result.current.formsKey).toBe(1);
  });

  it('shows a conflict as such, takes the incident as it is now and keeps the forms', async () => {
    const twoMinutesAgo = new Date(Date.now() - 2 * 60_000 - 5_000).toISOString();
    const now = {
      ...withIncident(incidentView(), { status: 'resolved', lastUpdateDateTime: twoMinutesAgo }),
      comments: [
        { comment: 'Old note', createdByDisplayName: 'Sam Doe', createdDateTime: '2026-11-27T08:00:00Z' },
        { comment: 'Resolved: benign.', createdByDisplayName: 'Jordan Lee', createdDateTime: twoMinutesAgo },
      ],
    };
    ask.mockResolvedValue(answer('conflict', 'This incident changed since it was shown (status …). Nothing was written.', now) as never);
    const { result, acceptView, showNotice } = await mount();
    await result.current.comment(shown, 'Isolated the host');
    await settle();
    expect(ask).toHaveBeenCalledWith({
      type: 'commentOnIncident',
      tenantId: contosoTid,
      incidentId: '1002',
      shown,
      comment: 'Isolated the host',
    });
    expect(acceptView).toHaveBeenCalledWith(now);
    // Who (the author of the comment made since it was shown) and when, in human words.
    expect(showNotice).toHaveBeenLastCalledWith({ kind: 'conflict', text: 'Jordan Lee changed this 2 minutes ago. Nothing was written.' });
    expect(result.current.formsKey).toBe(0);
    expect(result.current.busy).toBeNull();
  });

  it('says nothing changed when the background fails', async () => {
    ask.mockRejectedValue(new Error('Not signed in.'));
    const { result, acceptView, showNotice } = await mount();
    await result.current.resolve(shown, { classification: 'falsePositive', determination: 'other', comment: 'Benign' });
    await settle();
    expect(ask).toHaveBeenCalledWith({
      type: 'resolveIncident',
      tenantId: contosoTid,
      incidentId: '1002',
      shown,
      classification: 'falsePositive',
      determination: 'other',
      comment: 'Benign',
    });
    expect(acceptView).not.toHaveBeenCalled();
    expect(showNotice).toHaveBeenLastCalledWith({ kind: 'error', text: 'Nothing changed: Not signed in.' });
    expect(result.current.busy).toBeNull();
  });

  it('refreshes without a shown version, and tells nothing once the panel is gone', async () => {
    const reply = deferred<QuickActionResponse>();
    ask.mockReturnValue(reply.promise as never);
    const { result, controller, showNotice } = await mount({ pageTenantId: null });
    void result.current.refresh();
    await settle();
    expect(ask).toHaveBeenCalledWith({ type: 'refreshIncident', tenantId: null, incidentId: '1002' });
    controller.abort();
    reply.resolve(answer('done', 'Refreshed.'));
    await settle();
    expect(showNotice).toHaveBeenCalledTimes(1);
    expect(showNotice).toHaveBeenCalledWith(null);
  });

  it('links at most three recommended hunting queries (from the beta guidance), for the page’s tenant or else the incident’s', async () => {
    const queries = ['q1', 'q2', 'q3', 'q4'];
    const { result, rerender, props } = await mount({ huntingQueries: queries, pageTenantId: null });
    await settle();
    expect(result.current.huntingLinks).toEqual([
      { url: `hunt:${contosoTid}:q1`, label: 'Open hunting query 1 in Advanced hunting' },
      { url: `hunt:${contosoTid}:q2`, label: 'Open hunting query 2 in Advanced hunting' },
      { url: `hunt:${contosoTid}:q3`, label: 'Open hunting query 3 in Advanced hunting' },
    ]);

    await rerender({ ...props, pageTenantId: 'page-tid', huntingQueries: ['q1'] });
    await settle();
    expect(result.current.huntingLinks).toEqual([{ url: 'hunt:page-tid:q1', label: 'Open hunting query in Advanced hunting' }]);

    await rerender({ ...props, huntingQueries: ['fails'] });
    await settle();
    expect(result.current.huntingLinks).toEqual([]);
  });

  it('never links queries of the v1.0 incident: the guidance is the one source', async () => {
    const view = withIncident(incidentView(), { recommendedHuntingQueries: [{ kqlText: 'q1' }] as never });
    const { result } = await mount({ view, huntingQueries: [] });
    await settle();
    expect(result.current.huntingLinks).toEqual([]);
  });

});
