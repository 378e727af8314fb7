import type { BrowserContext, CDPSession, Locator, Page } from '@playwright/test';
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
    /** Let the specs' locators and axe into Handoff's closed shadow roots (revealClosedRoots); default true. */
    revealClosedRoots?: boolean;
  } = {},
): Promise<Page> {
  if (options.revealClosedRoots !== false) context.on('page', (page) => void revealClosedRoots(page).catch(() => undefined));
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

type CdpNode = {
  backendNodeId: number;
  localName?: string;
  children?: CdpNode[];
  shadowRoots?: (CdpNode & { shadowRootType?: string })[];
  contentDocument?: CdpNode;
};

/** Every closed shadow root of a Handoff host (`handoff-*`) in the page, found through CDP's pierce. */
export async function closedHandoffRoots(cdp: CDPSession): Promise<{ host: string; root: number }[]> {
  const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: CdpNode };
  const found: { host: string; root: number }[] = [];
  const walk = (node: CdpNode) => {
    for (const shadow of node.shadowRoots ?? []) {
      if (node.localName?.startsWith('handoff-') && shadow.shadowRootType === 'closed') {
        found.push({ host: node.localName, root: shadow.backendNodeId });
      }
      walk(shadow);
    }
    for (const child of node.children ?? []) walk(child);
    if (node.contentDocument) walk(node.contentDocument);
  };
  walk(root);
  return found;
}

/**
 * TEST ONLY. Handoff's shadow roots are closed, so neither a page script nor Playwright's locators nor axe
 * can see into them. This reaches them from outside the page, through the DevTools protocol (CDP's
 * `DOM.getDocument` with `pierce`), and, in the page's main world and Playwright's utility world only
 * (never the content script's), gives each Handoff host a `shadowRoot` property returning its root, so
 * the specs' locators and axe work as before. It polls while the page is open: chips and the panel come
 * and go. Nothing of it is in the build (tests/e2e/production-build.spec.ts).
 */
export async function revealClosedRoots(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const contexts = new Map<number, { origin: string; name: string }>();
  cdp.on('Runtime.executionContextCreated', ({ context }) => contexts.set(context.id, context));
  cdp.on('Runtime.executionContextDestroyed', ({ executionContextId }) => contexts.delete(executionContextId));
  cdp.on('Runtime.executionContextsCleared', () => contexts.clear());
  await cdp.send('Runtime.enable');
  await cdp.send('DOM.enable');
  const revealed = new Set<string>();
  let open = true;
  page.once('close', () => {
    open = false;
  });
  const reveal = async () => {
    for (const { root } of await closedHandoffRoots(cdp)) {
      for (const [contextId, context] of contexts) {
        if (context.origin.startsWith('chrome-extension://')) continue; // the content script's own world
        const key = `${contextId}:${root}`;
        if (revealed.has(key)) continue;
        const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: root, executionContextId: contextId });
        if (!object.objectId) continue;
        await cdp.send('Runtime.callFunctionOn', {
          objectId: object.objectId,
          functionDeclaration: `function () {
            const root = this;
            Object.defineProperty(root.host, 'shadowRoot', { get: () => root, configurable: true });
          }`,
        });
        await cdp.send('Runtime.releaseObject', { objectId: object.objectId });
        revealed.add(key);
      }
    }
  };
  void (async () => {
    while (open) {
      await reveal().catch(() => undefined); // a navigation or a closed page midway: try again
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
}

/**
 * Resolve and Run wait for Handoff's confirm window (confirm.html in a popup window the worker opens):
 * `trigger` is the panel click that asks; the window is answered yes (its confirm button) or Cancel.
 * Returns the window's page (closed by the worker once answered).
 */
export async function answerConfirmWindow(
  context: BrowserContext,
  trigger: () => Promise<void>,
  answer: { approve: boolean; expect?: RegExp; beforeAnswer?: () => Promise<void> } = { approve: true },
): Promise<Page> {
  const opened = context.waitForEvent('page', { predicate: (page) => page.url().includes('/confirm.html') || page.url() === 'about:blank' });
  await trigger();
  const confirmPage = await opened;
  await confirmPage.waitForURL(/\/confirm\.html\?token=/);
  const dialog = confirmPage.getByRole('main');
  if (answer.expect) await expect(dialog).toContainText(answer.expect);
  const buttons = dialog.getByRole('button');
  await expect(buttons).toHaveCount(2);
  await answer.beforeAnswer?.();
  // The worker closes the window as soon as it has the answer, possibly before the click returns.
  await (answer.approve ? buttons.first() : dialog.getByRole('button', { name: 'Cancel' })).click().catch((error: unknown) => {
    if (!confirmPage.isClosed()) throw error;
  });
  await expect.poll(() => confirmPage.isClosed()).toBe(true);
  return confirmPage;
}
