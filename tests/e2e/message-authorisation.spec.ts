import { CONTOSO_TENANT_ID, FABRIKAM_TENANT_ID } from '../fixtures/demo-tenants';
import { inContentScriptWorld, sendMessageExpression } from './content-script-world';
import { expect, test } from './extension-fixture';
import { chips, portalUrl, setUpSyncedTenants } from './portal-setup';

/**
 * The worker's authorisation where it is enforced (SECURITY.md, threats 1 and 10): requests sent from
 * the content script's own isolated world on a Contoso portal page, as a compromised or confused content
 * script would send them, reached through the DevTools protocol (the page's main world has no
 * chrome.runtime for Handoff). The unit tests check the listener; this checks the built worker wires it.
 */

const send = sendMessageExpression;

test('the content script of a Contoso page is refused another tenant’s data and extension-page requests', async ({
  context,
  openExtensionPage,
  extensionId,
  cloud,
}) => {
  await setUpSyncedTenants(context, openExtensionPage, { tenants: ['contoso', 'fabrikam'], revealClosedRoots: false });
  const page = await context.newPage();
  await page.goto(`${portalUrl}/incidents?tid=${CONTOSO_TENANT_ID}`);
  await expect(chips(page)).toHaveCount(14); // the content script runs and reads Contoso (its open incidents)
  const evaluate = await inContentScriptWorld(page, extensionId);

  // The same world may read its own page's tenant: the channel works, so what follows is a refusal.
  const own = (await evaluate(send({ type: 'getTenantHandoffs', tenantId: CONTOSO_TENANT_ID }))) as { ok: boolean; handoffs?: unknown[] };
  expect(own.ok).toBe(true);

  // Another tenant than the page shows: refused, with no Fabrikam data.
  const otherTenant = await evaluate(send({ type: 'getTenantHandoffs', tenantId: FABRIKAM_TENANT_ID }));
  expect(otherTenant).toEqual({ ok: false, error: 'A portal page may only read or change the tenant it shows.' });

  // Requests only extension pages may make: a sync round, and a destructive write's confirmation.
  cloud.clearRequests();
  expect(await evaluate(send({ type: 'refreshNow' }))).toEqual({ ok: false, error: 'A portal page may not ask for refreshNow.' });
  expect(await evaluate(send({ type: 'answerPendingWrite', token: '0b5c1f0e-8a0e-4d7c-9a3f-2f1e7d6c5b4a', approved: true }))).toEqual({
    ok: false,
    error: 'A portal page may not ask for answerPendingWrite.',
  });
  expect(await evaluate(send({ type: 'signOut' }))).toEqual({ ok: false, error: 'A portal page may not ask for signOut.' });
  // Refused before any work: no sync round reached Graph.
  expect(cloud.graphRequests()).toEqual([]);
});
