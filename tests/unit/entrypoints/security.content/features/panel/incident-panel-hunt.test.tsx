// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { askBackground } from '@/utils/channels/portal-channel';
import { IncidentPanelController } from '@/entrypoints/security.content/features/panel/incident-panel-controller';
import type { BackgroundRequest } from '@/utils/messages/background-requests';
import { contosoTid, incidentView, settle, withIncident } from './panel-test-kit';

vi.mock('@/utils/channels/portal-channel', () => ({ askBackground: vi.fn(), onTenantCacheChanged: vi.fn() }));
vi.mock('@/utils/portal/portal-url', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/utils/portal/portal-url')>()),
  advancedHuntingUrl: vi.fn(async (kql: string) => `hunt:${kql}`),
}));

const ask = vi.mocked(askBackground);
const huntingIncident = withIncident(
  { ...incidentView(), tenant: { ...incidentView().tenant!, service: 'hunting' } },
  { status: 'active' },
  { area: 'hunting' },
);

function background(openHunt: () => Promise<unknown>) {
  ask.mockImplementation((async (request: BackgroundRequest) => {
    if (request.type === 'getIncidentHandoff') return { ok: true, ...huntingIncident };
    if (request.type === 'getHuntingGuidance') return { ok: true, available: true, recommendedActions: null, huntingQueries: ['DeviceEvents', 'AlertInfo'] };
    if (request.type === 'openHuntFromIncident') return openHunt();
    throw new Error(`unexpected ${request.type}`);
  }) as never);
}

async function mount() {
  const host = document.createElement('div');
  const container = document.createElement('div');
  document.body.append(host, container);
  await act(() => {
    render(<IncidentPanelController incidentId="1002" pageTenantId={contosoTid} host={host} signal={new AbortController().signal} />, container);
  });
  await settle();
  await settle();
  return container;
}

function trustedClick(element: Element | undefined): void {
  const click = new MouseEvent('click', { bubbles: true, cancelable: true });
  Object.defineProperty(click, 'isTrusted', { value: true });
  element?.dispatchEvent(click);
}
const runButtons = (container: HTMLElement) => [...container.querySelectorAll('button')].filter((button) => button.textContent === 'Run in all my tenants');

beforeEach(() => {
  ask.mockReset();
});
afterEach(() => {
  render(null, document.body);
  document.body.replaceChildren();
});

describe('IncidentPanelController: Run in all my tenants', () => {
  it('asks the worker to open the Hunt page for the query by position, on a trusted click only', async () => {
    background(async () => ({ ok: true }));
    const container = await mount();
    const buttons = runButtons(container);
    expect(buttons).toHaveLength(2);
    await act(() => buttons[1]?.click());
    expect(ask.mock.calls.some(([request]) => request.type === 'openHuntFromIncident')).toBe(false);
    await act(() => trustedClick(buttons[1]));
    await settle();
    expect(ask).toHaveBeenCalledWith({ type: 'openHuntFromIncident', tenantId: contosoTid, incidentId: '1002', queryIndex: 1 });
    expect(container.querySelector('.handoff-notice[role="status"]')?.textContent).toBe('The Hunt page opened in a new tab: press Run there.');
  });

  it('says when the page could not be opened', async () => {
    background(async () => {
      throw new Error('Not your tenant.');
    });
    const container = await mount();
    await act(() => trustedClick(runButtons(container)[0]));
    await settle();
    expect(container.querySelector('[role="alert"]')?.textContent).toBe('Could not open the Hunt page: Not your tenant.');
  });
});
