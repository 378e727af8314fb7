import type { BrowserContext, Locator, Page } from '@playwright/test';
import { expect } from './extension-fixture';
import { configureTenants, demoTenantSettings, refreshNow, signInThroughOptions } from './handoff-setup';

/**
 * Shared steps of the portal specs (portal-*.spec.ts): sign in (optionally with quick actions, which
 * asks for the write scope), set up the demo tenants, sync once, and find Handoff's chips and panel.
 */

export const portalUrl = 'https://security.microsoft.com';

export type DemoTenantName = keyof typeof demoTenantSettings;

export async function setUpSyncedTenants(
  context: BrowserContext,
  openExtensionPage: (path: string) => Promise<Page>,
  options: {
    quickActions?: boolean;
    tenants?: readonly DemoTenantName[];
    /** Extra tenant settings (e.g. teamsChannelUrl, securityRoles), merged into each named tenant's. */
    tenantOverrides?: Partial<Record<DemoTenantName, Record<string, unknown>>>;
    /** Tenants beyond the demo customers, as the options page saves them. */
    extraTenants?: readonly { tenantId: string; displayName: string; service: string }[];
  } = {},
): Promise<Page> {
  const optionsPage = await openExtensionPage('options.html');
  if (options.quickActions) {
    await optionsPage.evaluate(async () => {
      const { settings = {} } = await chrome.storage.local.get('settings');
      await chrome.storage.local.set({ settings: { ...(settings as object), quickActionsEnabled: true } });
    });
  }
  await signInThroughOptions(context, optionsPage);
  const names = options.tenants ?? (['contoso', 'fabrikam', 'northwind'] as const);
  await configureTenants(
    optionsPage,
    [
      ...names.map((name) => ({ ...demoTenantSettings[name], ...(options.tenantOverrides?.[name] ?? {}) })),
      ...(options.extraTenants ?? []),
    ] as never,
  );
  await refreshNow(optionsPage);
  return optionsPage;
}

/** The chips Handoff put on the page (hosts carry the test contract's data-handoff-* attributes). */
export function chips(page: Page): Locator {
  return page.locator('handoff-incident-chip');
}

export function chipFor(page: Page, incidentId: string): Locator {
  return page.locator(`handoff-incident-chip[data-handoff-incident-id="${incidentId}"]`);
}

export function panel(page: Page): Locator {
  return page.locator('handoff-incident-panel');
}

/** Waits until the page shows `count` chips and returns their test contract, by incident id. */
export async function chipContract(page: Page, count: number): Promise<Record<string, { owner: string; area: string }>> {
  await expect(chips(page)).toHaveCount(count);
  return chips(page).evaluateAll((hosts) =>
    Object.fromEntries(
      hosts.map((host) => [
        (host as HTMLElement).dataset.handoffIncidentId ?? '',
        { owner: (host as HTMLElement).dataset.handoffOwner ?? '', area: (host as HTMLElement).dataset.handoffArea ?? '' },
      ]),
    ),
  );
}

/** Graph writes the extension sent (PATCH and POST), as the fake recorded them. */
export function graphWrites(cloud: { graphRequests(): { method: string; path: string; bodyJson?: unknown; status?: number }[] }) {
  return cloud.graphRequests().filter((request) => request.method === 'PATCH' || request.method === 'POST');
}
