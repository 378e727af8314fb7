// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { askBackground } from '@/utils/channels/portal-channel';
import { IncidentPanelController } from '@/entrypoints/security.content/features/panel/incident-panel-controller';
import type { BackgroundRequest } from '@/utils/messages/background-requests';
import type { IncidentView, QuickActionResponse } from '@/utils/messages/portal-answers';
import { contosoTid, incidentView, settle, withIncident } from './panel-test-kit';

vi.mock('@/utils/channels/portal-channel', () => ({ askBackground: vi.fn(), onTenantCacheChanged: vi.fn() }));

const ask = vi.mocked(askBackground);

/** The background: the handoff as given, quick actions answered with `outcome`, tasks failing. */
function background(view: IncidentView, outcome: QuickActionResponse['outcome'] = 'done') {
  ask.mockImplementation((async (request: BackgroundRequest) => {
    if (request.type === 'getIncidentHandoff') return { ok: true, ...view };
    if (request.type === 'getIncidentTasks') throw new Error('Remediation tasks are not available for this tenant.');
    if (request.type === 'assignIncidentToMe') {
      return { ok: true, action: 'assignToMe', outcome, message: outcome === 'done' ? 'Assigned to you.' : 'The incident changed meanwhile.', view };
    }
    throw new Error(`unexpected ${request.type}`);
  }) as never);
}

async function mount() {
  const host = document.createElement('div');
  const container = document.createElement('div');
  document.body.append(host, container);
  const controller = new AbortController();
  await act(() => {
    render(<IncidentPanelController incidentId="1002" pageTenantId={contosoTid} host={host} signal={controller.signal} />, container);
  });
  await settle();
  return { host, container, controller };
}

/** Outside Defender Experts' scope, so the analyst may assign it to themselves. */
const outOfScope = (view = incidentView()) => withIncident(view, {}, { inDefenderExpertsScope: false });

/** The analyst's own click: write controls ignore synthetic (isTrusted: false) clicks. */
function trustedClick(element: Element | undefined): void {
  const click = new MouseEvent('click', { bubbles: true, cancelable: true });
  Object.defineProperty(click, 'isTrusted', { value: true });
  element?.dispatchEvent(click);
}

const button = (container: HTMLElement, name: string) =>
  [...container.querySelectorAll('button')].find((candidate) => candidate.textContent === name);

beforeEach(() => {
  ask.mockReset();
});

afterEach(() => {
  render(null, document.body);
  document.body.replaceChildren();
});

describe('IncidentPanelController', () => {
  it('shows the handoff, marks the host, and says a failed tasks read is not available', async () => {
    background(incidentView());
    const { host, container } = await mount();
    expect(container.textContent).toContain('Your move');
    expect(container.querySelector('.handoff-panel__tenant-name')?.textContent).toBe(' · Contoso');
    expect(host.dataset.handoffOwner).toBe('partner');
    expect(host.dataset.handoffArea).toBe('incidentRemediation');
    expect(container.querySelector('.handoff-tasks__unavailable')?.textContent).toBe('Remediation tasks are not available for this tenant.');
  });

  it('shows a done quick action in the status line', async () => {
    background(outOfScope());
    const { container } = await mount();
    await act(() => trustedClick(button(container, 'Assign to me')));
    await settle();
    expect(ask).toHaveBeenCalledWith({
      type: 'assignIncidentToMe',
      tenantId: contosoTid,
      incidentId: '1002',
      shown: { status: 'awaitingAction', assignedTo: 'Customer', lastUpdateDateTime: '2026-11-27T09:00:00Z' },
    });
    expect(container.querySelector('[role="status"]')?.textContent).toBe('Assigned to you.');
    expect(container.querySelector('[role="alert"]')).toBeNull();
  });

  it('shows a conflict as an alert', async () => {
    background(outOfScope(), 'conflict');
    const { container } = await mount();
    await act(() => trustedClick(button(container, 'Assign to me')));
    await settle();
    const alert = container.querySelector('[role="alert"]');
    // Under the button, with when it changed and a Reload (the view's last update is days old here).
    expect(alert?.textContent).toMatch(/^Someone changed this \d+ days ago\. Nothing was written\. Reload$/);
    expect(alert?.closest('.handoff-quick-actions')).not.toBeNull();
    expect(alert?.className).toBe('handoff-notice handoff-notice--conflict');
    expect(container.querySelector('[role="status"]')?.textContent).toBe('');
  });

  it('says why it has nothing to show', async () => {
    background({ ...incidentView(), tenant: null, incident: null });
    const { container, host } = await mount();
    expect(container.querySelector('.handoff-panel__message')?.textContent).toBe(
      "Handoff has no data for this incident yet. Sign in and add this tenant in Handoff's options.",
    );
    expect(host.dataset.handoffOwner).toBeUndefined();
  });
});
