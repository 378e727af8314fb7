import type { Page } from '@playwright/test';
import { CONTOSO_TENANT_ID, DEMO_COLLEAGUE } from '../fixtures/demo-tenants';
import { expect, test } from './extension-fixture';
import { badgeText, refreshNow, tenantCache } from './handoff-setup';
import { chipFor, graphWrites, panel, portalUrl, setUpSyncedTenants } from './portal-setup';

/**
 * Me vs team (issue 14, item 7): "you" only when the incident is assigned to the signed-in analyst, a
 * colleague's name when it is someone else's; and "Mark reviewed", which tags a review "Handoff: reviewed"
 * in Graph so it leaves the panel and the counts for the whole team.
 */

function region(page: Page) {
  return panel(page).getByRole('region', { name: 'Handoff' });
}

async function openIncident(page: Page, incidentId: string) {
  await page.goto(`${portalUrl}/incident2/${incidentId}/overview?tid=${CONTOSO_TENANT_ID}`);
  await expect(panel(page)).toHaveAttribute('data-handoff-owner', /.+/);
}

test('an incident assigned to a colleague names the colleague in the panel card and on the chip, never "you"', async ({
  context,
  openExtensionPage,
}) => {
  await setUpSyncedTenants(context, openExtensionPage, { tenants: ['contoso'] });
  const page = await context.newPage();
  await openIncident(page, '1013');
  await expect(panel(page)).toHaveAttribute('data-handoff-owner', 'partner');
  await expect(panel(page)).toHaveAttribute('data-handoff-assignee', 'colleague');
  const card = region(page).locator('.handoff-card');
  await expect(card).toContainText(`Assigned to ${DEMO_COLLEAGUE.upn} (your team)`);
  await expect(card.locator('.handoff-owner')).toHaveText('Your team’s move · Triage · 8 hours in step');
  await expect(card).not.toContainText('Your move');
  await expect(card).not.toContainText('Assigned to you');

  const queue = await context.newPage();
  await queue.goto(`${portalUrl}/incidents?tid=${CONTOSO_TENANT_ID}`);
  await expect(chipFor(queue, '1013')).toHaveAttribute('data-handoff-assignee', 'colleague');
  await expect(chipFor(queue, '1013')).toHaveAttribute('data-handoff-owner', 'partner');
  await expect(chipFor(queue, '1008')).toHaveAttribute('data-handoff-assignee', 'unassigned');
});

test('Mark reviewed PATCHes customTags with "Handoff: reviewed" and a comment; the review leaves the panel and the badge', async ({
  context,
  openExtensionPage,
  serviceWorker,
  cloud,
}) => {
  const options = await setUpSyncedTenants(context, openExtensionPage, { quickActions: true, tenants: ['contoso'] });
  await expect.poll(() => badgeText(serviceWorker)).toBe('5');
  await options.evaluate(async () => {
    const { settings = {} } = await chrome.storage.local.get('settings');
    await chrome.storage.local.set({ settings: { ...(settings as object), badgeIncludesReviews: true } });
  });
  // Contoso's reviews (resolved by Defender Experts): 1006 and 1012.
  await expect.poll(() => badgeText(serviceWorker)).toBe('7');

  const page = await context.newPage();
  await openIncident(page, '1006');
  await expect(panel(page)).toHaveAttribute('data-handoff-area', 'incidentInvestigation');
  await expect(region(page).locator('.handoff-card')).toContainText('Review the investigation summary');
  cloud.clearRequests();

  await region(page).getByRole('button', { name: 'Mark reviewed…' }).click();
  const form = region(page).getByRole('form', { name: 'Mark reviewed' });
  await form.getByRole('textbox', { name: 'Comment (optional)' }).fill('Checked: the exclusion came from change CHG0042117.');
  await form.getByRole('button', { name: 'Mark reviewed' }).click();
  await expect(region(page).getByRole('group', { name: 'Quick actions' }).getByRole('status')).toHaveText(
    'Marked reviewed: the incident is tagged “Handoff: reviewed” for your team.',
  );

  const writes = graphWrites(cloud);
  expect(writes.map(({ method, path, status }) => ({ method, path, status }))).toEqual([
    { method: 'PATCH', path: '/v1.0/security/incidents/1006', status: 200 },
    { method: 'POST', path: '/v1.0/security/incidents/1006/comments', status: 200 },
  ]);
  expect(writes[0]?.bodyJson).toEqual({ customTags: ['Handoff: reviewed'] });
  expect(writes[1]?.bodyJson).toEqual({
    '@odata.type': 'microsoft.graph.security.alertComment',
    comment: 'Checked: the exclusion came from change CHG0042117.',
  });

  // Reviewed: nobody's move, no review in the panel, and one fewer in the badge.
  await expect(panel(page)).toHaveAttribute('data-handoff-area', 'closed');
  await expect(panel(page)).toHaveAttribute('data-handoff-owner', 'none');
  await expect(region(page).getByRole('button', { name: 'Mark reviewed…' })).toHaveCount(0);
  await expect(region(page).locator('.handoff-card')).not.toContainText('Review the investigation summary');
  await expect.poll(() => badgeText(serviceWorker)).toBe('6');
  const cached = (await tenantCache(options, CONTOSO_TENANT_ID))?.incidents['1006'];
  expect((cached?.incident as { customTags?: string[] } | undefined)?.customTags).toEqual(['Handoff: reviewed']);
  expect(cached?.handoff.partnerAction).toBeNull();
  // Nothing kept locally: the team sees the tag.
  expect(await options.evaluate(async () => (await chrome.storage.local.get('uiState'))['uiState'] ?? null)).toBeNull();
});

test('without write access Mark reviewed is kept on this browser only, says so, and still lowers the badge through a poll', async ({
  context,
  openExtensionPage,
  serviceWorker,
  cloud,
}) => {
  // Quick actions off: Handoff may not write in Contoso.
  const options = await setUpSyncedTenants(context, openExtensionPage, { tenants: ['contoso'] });
  await options.evaluate(async () => {
    const { settings = {} } = await chrome.storage.local.get('settings');
    await chrome.storage.local.set({ settings: { ...(settings as object), badgeIncludesReviews: true } });
  });
  await expect.poll(() => badgeText(serviceWorker)).toBe('7');
  const page = await context.newPage();
  await openIncident(page, '1013');
  // Not a review: not offered.
  await expect(region(page).getByRole('button', { name: 'Refresh' })).toBeVisible();
  await expect(region(page).getByRole('button', { name: 'Mark reviewed…' })).toHaveCount(0);

  await openIncident(page, '1006');
  await expect(region(page)).toContainText('No write access here: the mark stays on this browser only.');
  cloud.clearRequests();
  await region(page).getByRole('button', { name: 'Mark reviewed…' }).click();
  const form = region(page).getByRole('form', { name: 'Mark reviewed' });
  await form.getByRole('button', { name: 'Mark reviewed' }).click();
  await expect(region(page).getByRole('group', { name: 'Quick actions' }).getByRole('status')).toHaveText(
    /^Marked reviewed on this browser only: you have no write access \(.+\)\. Your team does not see this mark\.$/,
  );
  expect(graphWrites(cloud)).toEqual([]);
  await expect(panel(page)).toHaveAttribute('data-handoff-area', 'closed');
  await expect(region(page).getByRole('button', { name: 'Mark reviewed…' })).toHaveCount(0);
  await expect.poll(() => badgeText(serviceWorker)).toBe('6');
  // Kept in the extension's IndexedDB (meta record `localReviews`), nothing of it in storage.local, which
  // Firefox content scripts can read.
  expect(await options.evaluate(async () => (await chrome.storage.local.get('uiState'))['uiState'])).toBeUndefined();
  expect(
    await options.evaluate(async () => {
      const database = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('handoff');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const record = await new Promise<unknown>((resolve, reject) => {
        const request = database.transaction(['meta'], 'readonly').objectStore('meta').get('localReviews');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      database.close();
      return record;
    }),
  ).toEqual({ name: 'localReviews', keys: [`${CONTOSO_TENANT_ID}|1006`] });

  // The incident changes in Graph: the next poll reads it and classifies every incident again; the local mark holds.
  cloud.graph.tenant(CONTOSO_TENANT_ID).updateIncident('1006', { severity: 'medium' });
  await refreshNow(options);
  const after = (await tenantCache(options, CONTOSO_TENANT_ID))?.incidents['1006'];
  expect((after?.incident as { severity?: string } | undefined)?.severity).toBe('medium');
  expect(after?.handoff.partnerAction).toBeNull();
  expect(await badgeText(serviceWorker)).toBe('6');
  await page.reload();
  await expect(panel(page)).toHaveAttribute('data-handoff-area', 'closed');
});
