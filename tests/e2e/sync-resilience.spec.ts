import { CONTOSO_TENANT_ID, FABRIKAM_TENANT_ID, NORTHWIND_TENANT_ID } from '../fixtures/demo-tenants';
import type { FakeMicrosoftCloud } from '../fakes/fake-microsoft-cloud';
import { expect, test } from './extension-fixture';
import {
  badgeText,
  badgeTitle,
  configureTenants,
  demoTenantSettings,
  refreshNow,
  showOptionsPage,
  signInThroughOptions,
  tenantCache,
} from './handoff-setup';

const thirtyDaysMs = 30 * 24 * 3_600_000;

/** The ids a first sync must bring home: every unresolved incident, and resolved ones of the last 30 days. */
function expectedFirstSyncIds(cloud: FakeMicrosoftCloud, tenantId: string): string[] {
  const since = Date.now() - thirtyDaysMs;
  return cloud.graph
    .tenant(tenantId)
    .incidents.filter((raw) => typeof raw.status === 'string' && typeof raw.createdDateTime === 'string')
    .filter((raw) => raw.status !== 'resolved' || Date.parse(String(raw.lastUpdateDateTime)) >= since)
    .map((raw) => String(raw.id))
    .sort();
}

/** Every request about incidents (lists and reads by id; not the beta task reads). */
function incidentRequests(cloud: FakeMicrosoftCloud) {
  return cloud.graphRequests().filter((request) => request.path.startsWith('/v1.0/security/incidents'));
}

function incidentListRequests(cloud: FakeMicrosoftCloud) {
  return cloud.graphRequests().filter((request) => request.path.endsWith('/security/incidents'));
}

test.describe('sync against a misbehaving Graph', () => {
  test.beforeEach(async ({ context, openExtensionPage }) => {
    const options = await openExtensionPage('options.html');
    await signInThroughOptions(context, options);
  });

  test('a 429 with Retry-After delays the sync, which then completes with no incident lost', async ({ context, cloud }) => {
    const options = context.pages().find((page) => page.url().endsWith('options.html'))!;
    cloud.clearRequests();
    cloud.addFault({ host: 'graph', pathPattern: /security\/incidents/, kind: 'status429', retryAfterSeconds: 1, times: 1 });
    await configureTenants(options, [demoTenantSettings.contoso]);
    await refreshNow(options);

    const cache = await tenantCache(options, CONTOSO_TENANT_ID);
    expect(cache?.status.state).toBe('ok');
    expect(Object.keys(cache?.incidents ?? {}).sort()).toEqual(expectedFirstSyncIds(cloud, CONTOSO_TENANT_ID));
    const [throttled, retried] = incidentListRequests(cloud);
    expect(throttled?.status).toBe(429);
    expect(retried?.status).toBe(200);
    expect(retried!.time.getTime() - throttled!.time.getTime()).toBeGreaterThanOrEqual(950);
  });

  test('a 500 and a dropped connection back off and recover', async ({ context, cloud }) => {
    const options = context.pages().find((page) => page.url().endsWith('options.html'))!;
    cloud.clearRequests();
    cloud.addFault({ host: 'graph', pathPattern: /security\/incidents/, kind: 'status500', times: 1 });
    cloud.addFault({ host: 'graph', pathPattern: /security\/incidents/, kind: 'drop', times: 1 });
    await configureTenants(options, [demoTenantSettings.contoso]);
    await refreshNow(options);

    const cache = await tenantCache(options, CONTOSO_TENANT_ID);
    expect(cache?.status.state).toBe('ok');
    expect(Object.keys(cache?.incidents ?? {}).sort()).toEqual(expectedFirstSyncIds(cloud, CONTOSO_TENANT_ID));
    expect(incidentListRequests(cloud).slice(0, 3).map((request) => request.status ?? 'dropped')).toEqual([
      500,
      'dropped',
      200,
    ]);
  });

  test('a malformed incident is skipped and reported while the rest count', async ({ context, cloud }) => {
    const options = context.pages().find((page) => page.url().endsWith('options.html'))!;
    await configureTenants(options, [demoTenantSettings.northwind]);
    await refreshNow(options);

    const cache = await tenantCache(options, NORTHWIND_TENANT_ID);
    expect(cache?.status.state).toBe('ok');
    expect(cache?.parseErrors.map((error) => error.id)).toContain('3010');
    expect(Object.keys(cache?.incidents ?? {})).not.toContain('3010');
    expect(Object.keys(cache?.incidents ?? {}).sort()).toEqual(expectedFirstSyncIds(cloud, NORTHWIND_TENANT_ID));
  });

  test('a tenant without consent is flagged while the other still counts', async ({ context, cloud, serviceWorker }) => {
    const options = context.pages().find((page) => page.url().endsWith('options.html'))!;
    cloud.entra.consentedTenants.delete(FABRIKAM_TENANT_ID);
    await configureTenants(options, [demoTenantSettings.contoso, demoTenantSettings.fabrikam]);
    await refreshNow(options);

    expect((await tenantCache(options, FABRIKAM_TENANT_ID))?.status.state).toBe('needsConsent');
    expect((await tenantCache(options, CONTOSO_TENANT_ID))?.status.state).toBe('ok');
    // Contoso alone: awaiting customer action (1002, 1009) and open hunting-generated (1003, 1010, 1018).
    expect(await badgeText(serviceWorker)).toBe('5');
    expect(await badgeTitle(serviceWorker)).toContain('Fabrikam: the app needs consent');
    await showOptionsPage(options, 'Tenants');
    await expect(options.getByRole('table', { name: 'Customer tenants' }).getByRole('row', { name: /Fabrikam/ })).toContainText(
      'Needs consent',
    );
  });

  test('a second poll asks only for changes, and an incident resolved upstream lowers the badge', async ({
    context,
    cloud,
    serviceWorker,
  }) => {
    const options = context.pages().find((page) => page.url().endsWith('options.html'))!;
    await configureTenants(options, [demoTenantSettings.contoso]);
    await refreshNow(options);
    expect(await badgeText(serviceWorker)).toBe('5');
    const { watermark } = (await tenantCache(options, CONTOSO_TENANT_ID))!;
    expect(watermark).not.toBeNull();

    cloud.graph.tenant(CONTOSO_TENANT_ID).updateIncident('1002', { status: 'resolved', classification: 'truePositive' });
    cloud.clearRequests();
    await refreshNow(options);

    const [poll, ...more] = incidentListRequests(cloud);
    expect(more).toEqual([]);
    expect(poll?.query.get('$filter')).toMatch(/^lastUpdateDateTime ge \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    const asked = Date.parse(poll!.query.get('$filter')!.replace('lastUpdateDateTime ge ', ''));
    // Exactly the watermark less the two-minute overlap (whole seconds), not merely "before it": a 1970
    // filter would re-read everything and pass a `<=` check.
    expect(asked).toBe(Math.floor((Date.parse(watermark!) - 2 * 60_000) / 1000) * 1000);
    expect(await badgeText(serviceWorker)).toBe('4');
  });

  test('an incident merged while cached, which lists no longer show, leaves the badge and popup within one reconciliation', async ({
    context,
    cloud,
    serviceWorker,
    openExtensionPage,
  }) => {
    const options = context.pages().find((page) => page.url().endsWith('options.html'))!;
    await configureTenants(options, [demoTenantSettings.contoso]);
    await refreshNow(options);
    expect(await badgeText(serviceWorker)).toBe('5');

    // 1002 (awaiting customer action) is merged into 1001; a delegated list no longer returns it.
    const contoso = cloud.graph.tenant(CONTOSO_TENANT_ID);
    contoso.hideRedirected = true;
    contoso.updateIncident('1002', { status: 'redirected', redirectIncidentId: '1001' });

    // The watermark poll cannot see it: one request, and 1002 stays on the badge.
    cloud.clearRequests();
    await refreshNow(options);
    expect(incidentRequests(cloud)).toHaveLength(1);
    expect(await badgeText(serviceWorker)).toBe('5');

    // One reconciliation (forced here instead of waiting an hour): the id list, then 1002 read by id.
    cloud.clearRequests();
    await options.evaluate(() => chrome.runtime.sendMessage({ type: 'refreshNow', reconcile: true }));
    const reconciliation = incidentRequests(cloud).slice(1);
    expect(reconciliation.map((request) => `${request.status} ${request.path}`)).toEqual([
      '200 /v1.0/security/incidents',
      '200 /v1.0/security/incidents/1002',
    ]);
    expect(reconciliation[0]!.query.get('$select')).toBe('id,status,lastUpdateDateTime');
    expect(await badgeText(serviceWorker)).toBe('4');
    const cache = await tenantCache(options, CONTOSO_TENANT_ID);
    expect(Object.keys(cache?.incidents ?? {})).not.toContain('1002');
    expect(cache?.incidents['1001']).toBeDefined();

    const popup = await openExtensionPage('popup.html');
    await expect(popup.locator('.work-queue__totals')).toHaveText('4 awaiting you');
    // My queue lists Contoso's first three (1010, 1003, 1018: high, longest waiting first) and counts 1009; 1002 is gone.
    const awaiting = popup.getByRole('list', { name: 'My queue' });
    await expect(awaiting.getByRole('link')).toHaveCount(4);
    const hrefs = await awaiting.getByRole('link').evaluateAll((links) => links.map((link) => link.getAttribute('href')));
    expect(hrefs.map((href) => new URL(href!).pathname.split('/')[2])).toEqual(['1010', '1003', '1018', undefined]);
    await expect(awaiting.getByRole('link').last()).toHaveText('1 more awaiting you in Contoso');
  });
});
