import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { huntRequests, huntRequestTenant } from '../fakes/fake-hunting';
import { HOSTILE_COMMAND_LINE } from '../fixtures/demo-hunting-tables';
import { CONTOSO_TENANT_ID, demoTenants, FABRIKAM_TENANT_ID, NORTHWIND_TENANT_ID } from '../fixtures/demo-tenants';
import { expect, test } from './extension-fixture';
import { panel, portalUrl, setUpSyncedTenants } from './portal-setup';

/**
 * Hunting across tenants (issue 16): Defender Experts' recommended query from the fixture hunting
 * incident (Contoso 1003), run from the panel's "Run in all my tenants" on the Hunt page over every demo
 * tenant. Northwind has not consented to ThreatHunting.Read.All (the demo world), Fabrikam's first answer
 * is a 429 on the calls limit with Retry-After.
 */

const incident1003 = demoTenants(new Date()).customers.find((customer) => customer.tenantId === CONTOSO_TENANT_ID)!.incidents.find(
  (incident) => incident.id === '1003',
) as { recommendedHuntingQueries: { kqlText: string }[] };
const rcloneQuery = incident1003.recommendedHuntingQueries[0]!.kqlText;

function resultLine(hunt: Page, tenantName: string) {
  return hunt.getByRole('list', { name: 'Results by tenant' }).getByRole('listitem').filter({ hasText: tenantName });
}

const tenantOf = (cloud: { graphRequests(): Parameters<typeof huntRequests>[0] }, tenantId: string) =>
  huntRequests(cloud.graphRequests()).filter((request) => huntRequestTenant(request) === tenantId);

test('a recommended query runs in every tenant from the panel: row counts, needs consent, a 429 waited out, CSV of every row', async ({
  context,
  openExtensionPage,
  cloud,
}) => {
  cloud.graph.hunting.scriptNext(FABRIKAM_TENANT_ID, { kind: 'throttled', limit: 'calls', retryAfterSeconds: 1 });
  await setUpSyncedTenants(context, openExtensionPage);
  const portal = await context.newPage();
  await portal.goto(`${portalUrl}/incident2/1003/overview?tid=${CONTOSO_TENANT_ID}`);
  const guidance = panel(portal).getByRole('region', { name: 'Handoff' }).getByRole('group', { name: 'Hunting guidance' });
  const opened = context.waitForEvent('page');
  await guidance.getByRole('button', { name: 'Run in all my tenants' }).first().click();
  const hunt = await opened;
  await expect(hunt.getByRole('textbox', { name: 'KQL query' })).toHaveValue(rcloneQuery);
  await expect(hunt.getByText(/From incident 1003 in Contoso/)).toBeVisible();
  // Opening the page runs nothing: the analyst presses Run.
  expect(huntRequests(cloud.graphRequests())).toHaveLength(0);

  await hunt.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(resultLine(hunt, 'Contoso')).toHaveAttribute('data-kind', 'done');
  await expect(resultLine(hunt, 'Contoso')).toContainText('3 rows');
  await expect(resultLine(hunt, 'Fabrikam')).toHaveAttribute('data-kind', 'done');
  await expect(resultLine(hunt, 'Fabrikam')).toContainText('1 row');
  await expect(resultLine(hunt, 'Northwind Traders')).toHaveAttribute('data-kind', 'needsConsent');
  await expect(resultLine(hunt, 'Northwind Traders')).toContainText('Needs consent');
  await expect(resultLine(hunt, 'Northwind Traders').getByRole('button', { name: 'Copy consent link' })).toBeVisible();
  await expect(hunt.getByRole('status').filter({ hasText: 'tenants answered' })).toContainText('3 of 3 tenants answered');

  // The 429 was waited out (Retry-After 1 s) and the query sent once more; Northwind's consent is missing,
  // so nothing reached Graph for it; Contoso asked once.
  const fabrikam = tenantOf(cloud, FABRIKAM_TENANT_ID);
  expect(fabrikam.map((request) => request.status)).toEqual([429, 200]);
  expect(fabrikam[1]!.time.getTime() - fabrikam[0]!.time.getTime()).toBeGreaterThanOrEqual(1000);
  expect(tenantOf(cloud, CONTOSO_TENANT_ID)).toHaveLength(1);
  expect(tenantOf(cloud, NORTHWIND_TENANT_ID)).toHaveLength(0);
  expect(fabrikam[0]!.bodyJson).toEqual({ Query: rcloneQuery, Timespan: 'P7D' });

  // Rows as text: the hostile command line is a cell's text, no element.
  await resultLine(hunt, 'Contoso').getByRole('button', { name: 'Show rows' }).click();
  const table = resultLine(hunt, 'Contoso').getByRole('table');
  await expect(table).toContainText(HOSTILE_COMMAND_LINE);
  await expect(hunt.locator('img')).toHaveCount(0);

  // CSV export: every tenant's rows, one line each, under one header.
  const download = hunt.waitForEvent('download');
  await hunt.getByRole('button', { name: 'Export CSV' }).click();
  const file = await (await download).path();
  const csv = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
  const lines = csv.trim().split(/\r\n/);
  expect(lines[0]).toContain('"Tenant"');
  expect(lines[0]).toContain('"ProcessCommandLine"');
  expect(lines.slice(1).filter((line) => line.startsWith('"Contoso"'))).toHaveLength(3);
  expect(lines.slice(1).filter((line) => line.startsWith('"Fabrikam"'))).toHaveLength(1);
  expect(lines).toHaveLength(1 + 4);
});

test('Cancel stops a run: no request after it, the tenants not reached say so', async ({ context, openExtensionPage, cloud }) => {
  const extra = Array.from({ length: 9 }, (_, index) => ({
    tenantId: `c0000000-0000-4000-8000-${String(index + 1).padStart(12, '0')}`,
    displayName: `Extra ${index + 1}`,
    service: 'xdr',
  }));
  for (const tenant of extra) {
    cloud.entra.consentedTenants.add(tenant.tenantId);
    cloud.graph.setTenant(tenant.tenantId, { displayName: tenant.displayName, incidents: [], incidentTasks: [], role: 'reader' });
    cloud.graph.hunting.setTables(tenant.tenantId, {});
  }
  cloud.entra.scopesNotConsented.delete(NORTHWIND_TENANT_ID);
  // Every query takes 6 s: the first ones are still in flight when Cancel is pressed.
  for (const tenantId of [CONTOSO_TENANT_ID, FABRIKAM_TENANT_ID, NORTHWIND_TENANT_ID, ...extra.map((tenant) => tenant.tenantId)]) {
    cloud.graph.hunting.scriptNext(tenantId, { kind: 'delay', ms: 6000 });
  }
  await setUpSyncedTenants(context, openExtensionPage, { extraTenants: extra });
  const hunt = await openExtensionPage('hunt.html');
  await hunt.getByRole('textbox', { name: 'KQL query' }).fill('DeviceProcessEvents | take 5');
  await hunt.getByRole('button', { name: 'Run', exact: true }).click();
  await expect.poll(() => huntRequests(cloud.graphRequests()).length).toBeGreaterThan(0);
  await hunt.getByRole('button', { name: 'Cancel' }).click();
  await expect(hunt.getByText('You cancelled this run.')).toBeVisible();
  const sent = huntRequests(cloud.graphRequests()).length;
  // Six tenants at a time: the other six were never asked.
  expect(sent).toBe(6);
  const results = hunt.getByRole('list', { name: 'Results by tenant' });
  await expect(results.locator('[data-kind="cancelled"]')).toHaveCount(12);
  await expect(results.locator('[data-kind="cancelled"]').first()).toContainText('Not run (cancelled)');
  // A barrier through the same channel (the worker answers for the run after its runner ended): still
  // no request after Cancel.
  const state = await hunt.evaluate(async () => {
    const runs = await new Promise<{ runId: string }[]>((resolve) => {
      const open = indexedDB.open('handoff');
      open.onsuccess = () => {
        const request = open.result.transaction('huntRuns').objectStore('huntRuns').getAll();
        request.onsuccess = () => resolve(request.result as { runId: string }[]);
      };
    });
    const answer = (await chrome.runtime.sendMessage({ type: 'getHuntRun', runId: runs[0]!.runId })) as { run: { state: string } };
    return answer.run.state;
  });
  expect(state).toBe('cancelled');
  expect(huntRequests(cloud.graphRequests())).toHaveLength(sent);
});
