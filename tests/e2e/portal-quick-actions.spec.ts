import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { CONTOSO_TENANT_ID, DEMO_ANALYST, DEMO_COLLEAGUE, FABRIKAM_TENANT_ID } from '../fixtures/demo-tenants';
import { expect, test } from './extension-fixture';
import { badgeText, tenantCache } from './handoff-setup';
import { answerConfirmWindow, graphWrites, panel, portalUrl, setUpSyncedTenants } from './portal-setup';

/**
 * Quick actions from the incident panel, through the background to the fake Graph: what they write,
 * and that a conflict, a reader, a redirected incident or quick actions turned off write nothing.
 * Contoso (XDR) and Northwind are Security Operator tenants in the demo; Fabrikam is Security Reader.
 */

function region(page: Page) {
  return panel(page).getByRole('region', { name: 'Handoff' });
}

async function openIncident(page: Page, tenantId: string, incidentId: string) {
  await page.goto(`${portalUrl}/incident2/${incidentId}/overview?tid=${tenantId}`);
  await expect(panel(page)).toHaveAttribute('data-handoff-owner', /.+/);
}

test('Assign to me PATCHes assignedTo with the analyst, and the panel, cache and chips follow at once', async ({
  context,
  openExtensionPage,
  cloud,
}) => {
  const options = await setUpSyncedTenants(context, openExtensionPage, { quickActions: true, tenants: ['contoso'] });
  const queue = await context.newPage();
  await queue.goto(`${portalUrl}/incidents?tid=${CONTOSO_TENANT_ID}`);
  const chip = queue.locator('handoff-incident-chip[data-handoff-incident-id="1008"]');
  await expect(chip).toHaveAttribute('data-handoff-area', 'incidentTriage');

  const page = await context.newPage();
  await openIncident(page, CONTOSO_TENANT_ID, '1008');
  cloud.clearRequests();
  await region(page).getByRole('button', { name: 'Assign to me' }).click();
  // Said where the click was: under the quick actions' buttons.
  await expect(region(page).getByRole('group', { name: 'Quick actions' }).getByRole('status')).toHaveText('Assigned to you.');

  const writes = graphWrites(cloud);
  expect(writes).toHaveLength(1);
  expect(writes[0]).toMatchObject({ method: 'PATCH', path: '/v1.0/security/incidents/1008', status: 200 });
  expect(writes[0]?.bodyJson).toEqual({ assignedTo: DEMO_ANALYST.upn });
  // Re-read before the write (conflict check) and after it (the cache gets Graph's own version).
  const reads = cloud.graphRequests().filter((request) => request.method === 'GET' && request.path.endsWith('/incidents/1008'));
  expect(reads).toHaveLength(2);

  await expect(panel(page)).toHaveAttribute('data-handoff-area', 'incidentInvestigation');
  await expect(region(page).getByRole('button', { name: 'Assign to me' })).toBeDisabled();
  await expect(region(page)).toContainText('Already assigned to you.');
  expect((await tenantCache(options, CONTOSO_TENANT_ID))?.incidents['1008']?.handoff.partnerAction?.kind).toBe('triage');
  // The queue in the other tab follows without a reload.
  await expect(chip).toHaveAttribute('data-handoff-area', 'incidentInvestigation');
});

test('Resolve PATCHes status, classification, determination and the comment; the badge drops at once', async ({
  context,
  openExtensionPage,
  serviceWorker,
  cloud,
}) => {
  await setUpSyncedTenants(context, openExtensionPage, { quickActions: true, tenants: ['contoso'] });
  // Contoso awaiting you: 1002, 1009 (remediation) and 1003, 1010, 1018 (hunting).
  await expect.poll(() => badgeText(serviceWorker)).toBe('5');
  const page = await context.newPage();
  await openIncident(page, CONTOSO_TENANT_ID, '1002');
  cloud.clearRequests();

  await region(page).getByRole('button', { name: 'Resolve…' }).click();
  const form = region(page).getByRole('form', { name: 'Resolve incident' });
  // Nothing chosen for the analyst; three of 1002's remediation tasks are still open, and the form says so.
  await expect(form.getByRole('combobox', { name: 'Classification' })).toHaveValue('');
  await expect(form.getByRole('combobox', { name: 'Determination' })).toBeDisabled();
  await expect(form.getByText('Remediation tasks still open: 3')).toBeVisible();
  await form.getByRole('combobox', { name: 'Classification' }).selectOption('truePositive');
  await form.getByRole('combobox', { name: 'Determination' }).selectOption('multiStagedAttack');
  await form.getByRole('textbox', { name: 'Comment' }).fill('Remediation done: host isolated and credentials reset.');
  // Resolve waits for the analyst's yes in Handoff's confirm window (SECURITY.md, threat 3).
  await answerConfirmWindow(context, () => form.getByRole('button', { name: 'Resolve incident' }).click(), {
    approve: true,
    expect: /Resolve incident 1002\?[\s\S]*Incident: 1002[\s\S]*Remediation done: host isolated/,
    beforeAnswer: async () => expect(graphWrites(cloud)).toEqual([]),
  });
  await expect(region(page).getByRole('status')).toHaveText('Resolved.');

  expect(graphWrites(cloud).map((write) => write.bodyJson)).toEqual([
    {
      status: 'resolved',
      classification: 'truePositive',
      determination: 'multiStagedAttack',
      resolvingComment: 'Remediation done: host isolated and credentials reset.',
    },
  ]);
  await expect(panel(page)).toHaveAttribute('data-handoff-owner', 'partner');
  await expect(panel(page)).toHaveAttribute('data-handoff-area', 'incidentInvestigation'); // now a review
  await expect.poll(() => badgeText(serviceWorker)).toBe('4');
  await expect(region(page).getByRole('button', { name: 'Resolve…' })).toHaveCount(0);
});

test('Add comment POSTs an alertComment, also on an incident Defender Experts own, and the comment shows', async ({
  context,
  openExtensionPage,
  cloud,
}) => {
  await setUpSyncedTenants(context, openExtensionPage, { quickActions: true, tenants: ['contoso'] });
  const page = await context.newPage();
  await openIncident(page, CONTOSO_TENANT_ID, '1004');
  // Defender Experts own the step: not the partner's to take or resolve.
  await expect(region(page).getByRole('button', { name: 'Assign to me' })).toBeDisabled();
  await expect(region(page)).toContainText("In Defender Experts' scope: partners assign themselves only incidents outside it.");
  await expect(region(page).getByRole('button', { name: 'Resolve…' })).toBeDisabled();
  cloud.clearRequests();

  await region(page).getByRole('button', { name: 'Add comment…' }).click();
  const form = region(page).getByRole('form', { name: 'Add comment' });
  await form.getByRole('textbox', { name: 'Comment' }).fill('Context for Defender Experts: this host is a jump server.');
  await form.getByRole('button', { name: 'Post comment' }).click();
  await expect(region(page).getByRole('status')).toHaveText('Comment added.');

  const writes = graphWrites(cloud);
  expect(writes).toHaveLength(1);
  expect(writes[0]).toMatchObject({ method: 'POST', path: '/v1.0/security/incidents/1004/comments', status: 200 });
  expect(writes[0]?.bodyJson).toEqual({
    '@odata.type': 'microsoft.graph.security.alertComment',
    comment: 'Context for Defender Experts: this host is a jump server.',
  });
  await expect(region(page).getByRole('group', { name: 'Latest comments' })).toContainText(
    `${DEMO_ANALYST.upn}: Context for Defender Experts: this host is a jump server.`,
  );
  await expect(form).toHaveCount(0);
});

test('an incident changed since it was shown: the conflict is shown and nothing is written', async ({
  context,
  openExtensionPage,
  cloud,
}) => {
  await setUpSyncedTenants(context, openExtensionPage, { quickActions: true, tenants: ['contoso'] });
  const page = await context.newPage();
  await openIncident(page, CONTOSO_TENANT_ID, '1008');
  // Jordan Lee took it two minutes ago, with a comment.
  const twoMinutesAgo = new Date(Date.now() - 2 * 60_000 - 5_000).toISOString();
  const before = structuredClone(
    cloud.graph.tenant(CONTOSO_TENANT_ID).updateIncident('1008', {
      assignedTo: DEMO_COLLEAGUE.upn,
      lastUpdateDateTime: twoMinutesAgo,
      comments: [{ comment: 'Taking this one.', createdByDisplayName: DEMO_COLLEAGUE.displayName, createdDateTime: twoMinutesAgo }],
    }),
  );
  cloud.clearRequests();

  await region(page).getByRole('button', { name: 'Assign to me' }).click();
  // Under the button, in human words and time, with a way to see the portal's page as it is now.
  const alert = region(page).getByRole('group', { name: 'Quick actions' }).getByRole('alert');
  await expect(alert).toHaveText('Jordan Lee changed this 2 minutes ago. Nothing was written. Reload');
  expect(graphWrites(cloud)).toEqual([]);
  expect(cloud.graph.tenant(CONTOSO_TENANT_ID).incident('1008')).toEqual(before);
  // The panel now shows what Graph has: the colleague's incident, an investigation step.
  await expect(panel(page)).toHaveAttribute('data-handoff-area', 'incidentInvestigation');
  await expect(region(page).getByText('Incident details')).toBeVisible();
  await Promise.all([page.waitForEvent('load'), alert.getByRole('button', { name: 'Reload' }).click()]);
  await expect(region(page).getByRole('alert')).toHaveCount(0);
  await expect(panel(page)).toHaveAttribute('data-handoff-area', 'incidentInvestigation');
});

test('a reader: Graph’s 403 writes nothing, and from then on the actions are disabled with the reason', async ({
  context,
  openExtensionPage,
  cloud,
}) => {
  await setUpSyncedTenants(context, openExtensionPage, { quickActions: true, tenants: ['fabrikam'] });
  const page = await context.newPage();
  await openIncident(page, FABRIKAM_TENANT_ID, '2004');
  const before = structuredClone(cloud.graph.tenant(FABRIKAM_TENANT_ID).incident('2004'));
  cloud.clearRequests();

  await region(page).getByRole('button', { name: 'Assign to me' }).click();
  await expect(region(page).getByRole('alert')).toContainText('Read-only in Fabrikam: Microsoft Graph refused a change (403)');
  expect(graphWrites(cloud).every((write) => write.status === 403)).toBe(true);
  expect(cloud.graph.tenant(FABRIKAM_TENANT_ID).incident('2004')).toEqual(before);

  for (const name of ['Assign to me', 'Resolve…', 'Add comment…']) {
    await expect(region(page).getByRole('button', { name })).toBeDisabled();
  }
  await expect(region(page).getByRole('button', { name: 'Refresh' })).toBeEnabled();
  // Another incident of the tenant: disabled from the start, no write is even tried.
  cloud.clearRequests();
  await openIncident(page, FABRIKAM_TENANT_ID, '2007');
  await expect(region(page).getByRole('button', { name: 'Add comment…' })).toBeDisabled();
  await expect(region(page).getByRole('button', { name: 'Add comment…' })).toHaveAccessibleDescription(/Read-only in Fabrikam/);
  expect(graphWrites(cloud)).toEqual([]);
});

test('read-only GDAP roles, quick actions turned off and a redirected incident: actions disabled with the reason', async ({
  context,
  openExtensionPage,
  cloud,
}) => {
  await setUpSyncedTenants(context, openExtensionPage, {
    quickActions: true,
    tenants: ['contoso', 'fabrikam'],
    tenantOverrides: { fabrikam: { securityRoles: ['Security Reader'] } },
  });
  cloud.clearRequests();
  const page = await context.newPage();
  await openIncident(page, FABRIKAM_TENANT_ID, '2004');
  await expect(region(page).getByRole('button', { name: 'Assign to me' })).toBeDisabled();
  await expect(region(page)).toContainText('Read-only in Fabrikam: your GDAP roles (Security Reader) cannot change incidents');

  await openIncident(page, CONTOSO_TENANT_ID, '1007');
  await expect(region(page).getByRole('button', { name: 'Add comment…' })).toBeDisabled();
  await expect(region(page)).toContainText('Merged into incident 1001: act there.');
  await expect(region(page).getByRole('button', { name: 'Refresh' })).toBeEnabled();

  const options = await openExtensionPage('options.html');
  await options.evaluate(async () => {
    const { settings } = (await chrome.storage.local.get('settings')) as { settings: object };
    await chrome.storage.local.set({ settings: { ...settings, quickActionsEnabled: false } });
  });
  await openIncident(page, CONTOSO_TENANT_ID, '1008');
  await expect(region(page).getByRole('button', { name: 'Assign to me' })).toBeDisabled();
  await expect(region(page)).toContainText("Quick actions are off: turn them on in Handoff's options");
  expect(graphWrites(cloud)).toEqual([]);
});

test('Refresh reads the incident now: an upstream change shows in the panel and the cache, nothing is written', async ({
  context,
  openExtensionPage,
  cloud,
}) => {
  const options = await setUpSyncedTenants(context, openExtensionPage, { tenants: ['contoso'] });
  const page = await context.newPage();
  await openIncident(page, CONTOSO_TENANT_ID, '1004');
  await expect(panel(page)).toHaveAttribute('data-handoff-area', 'incidentTriage');
  cloud.graph.tenant(CONTOSO_TENANT_ID).updateIncident('1004', { status: 'inProgress' });
  cloud.clearRequests();

  await region(page).getByRole('button', { name: 'Refresh' }).click();
  await expect(region(page).getByRole('status')).toHaveText('Refreshed from Microsoft Graph.');
  await expect(panel(page)).toHaveAttribute('data-handoff-area', 'incidentInvestigation');
  expect(graphWrites(cloud)).toEqual([]);
  expect((await tenantCache(options, CONTOSO_TENANT_ID))?.incidents['1004']?.incident.status).toBe('inProgress');
});

test('a quick action is in the audit log the options page exports as CSV', async ({ context, openExtensionPage }) => {
  const options = await setUpSyncedTenants(context, openExtensionPage, { quickActions: true, tenants: ['contoso'] });
  const page = await context.newPage();
  await openIncident(page, CONTOSO_TENANT_ID, '1008');
  await region(page).getByRole('button', { name: 'Assign to me' }).click();
  await expect(region(page).getByRole('status')).toHaveText('Assigned to you.');

  await options.reload();
  await options.getByRole('navigation', { name: 'Options pages' }).getByRole('link', { name: 'Reports and audit' }).click();
  const downloading = options.waitForEvent('download');
  await options.getByRole('button', { name: 'Export audit log (CSV)' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^handoff-audit-\d{4}-\d\d-\d\d\.csv$/);
  const lines = (await readFile((await download.path())!, 'utf8')).trimEnd().split('\r\n');
  expect(lines[0]).toBe('"Time","User","Tenant","Tenant key","Incident","Task","Action","Before","After","Result","Message"');
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain(`"${DEMO_ANALYST.upn}","Contoso","${CONTOSO_TENANT_ID}","1008","","assign to me"`);
  expect(lines[1]).toContain(`assignedTo: ${DEMO_ANALYST.upn}`);
  expect(lines[1]).toContain('"done","Assigned to you."');
  // Kept in the extension's IndexedDB, not storage.local (which Firefox content scripts can read).
  const local = await options.evaluate(async () => await chrome.storage.local.get(null));
  expect(Object.keys(local)).not.toContain('auditLog');
  expect(JSON.stringify(local)).not.toContain('assign to me');
});
