import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { CONTOSO_TENANT_ID } from '../fixtures/demo-tenants';
import { expect, test } from './extension-fixture';
import { chips, panel, portalUrl, setUpSyncedTenants } from './portal-setup';

/**
 * axe-core on what Handoff adds to the portal (the chips and the panel, shadow roots included), light
 * and dark: no serious or critical violation. The portal's own markup is not ours to judge.
 */

async function seriousViolations(page: Page, include: string, { checksInside = true } = {}) {
  // label-content-name-mismatch is experimental in axe (off unless asked): a name must contain the visible text.
  const results = await new AxeBuilder({ page })
    .include(include)
    .options({ rules: { 'label-content-name-mismatch': { enabled: true } } })
    .analyze();
  // The roots are closed: axe sees into them only through revealClosedRoots (portal-setup.ts). Prove it
  // did: some rule passed on a node inside the host's shadow root (a target path of two or more steps).
  const insideRoot = results.passes.flatMap((rule) => rule.nodes).filter((node) => Array.isArray(node.target[0]) && node.target[0].length > 1);
  if (checksInside) expect(insideRoot.length, `axe checked nodes inside ${include}'s shadow root`).toBeGreaterThan(0);
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({ id: violation.id, impact: violation.impact, nodes: violation.nodes.map((node) => node.target) }));
}

const fixtureFor = (theme: 'light' | 'dark', page: 'queue' | 'incident') => (theme === 'dark' ? `&fixture=${page}-dark` : '');

for (const theme of ['light', 'dark'] as const) {
  test(`chips, their popover and the panel with its forms and disabled actions: no serious or critical axe violation (${theme})`, async ({
    context,
    openExtensionPage,
  }) => {
    test.setTimeout(60_000); // axe takes seconds per check on a loaded machine
    await setUpSyncedTenants(context, openExtensionPage, { quickActions: true, tenants: ['contoso'] });
    const page = await context.newPage();
    await page.goto(`${portalUrl}/incidents?tid=${CONTOSO_TENANT_ID}${fixtureFor(theme, 'queue')}`);
    await expect(chips(page)).toHaveCount(14); // closed and merged incidents get none by default
    await expect(chips(page).first()).toHaveAttribute('data-theme', theme);
    await chips(page).first().getByRole('button').focus(); // shows the popover too
    expect(await seriousViolations(page, 'handoff-incident-chip')).toEqual([]);
    // The rule did check every chip: each name (aria-label) contains what the chip shows ("Act 3h").
    await expect.poll(() => chips(page).evaluateAll((hosts) => hosts.every((host) => host.shadowRoot !== null))).toBe(true);
    const nameChecked = await new AxeBuilder({ page }).include('handoff-incident-chip').withRules(['label-content-name-mismatch']).analyze();
    expect(nameChecked.violations).toEqual([]);
    expect(nameChecked.passes.flatMap((rule) => rule.nodes)).toHaveLength(14);
    // The popover is aria-hidden (each chip's name and description say its gist): axe has nothing inside to check.
    expect(await seriousViolations(page, 'handoff-chip-popover', { checksInside: false })).toEqual([]);

    await page.goto(`${portalUrl}/incident2/1002/overview?tid=${CONTOSO_TENANT_ID}${fixtureFor(theme, 'incident')}`);
    const region = panel(page).getByRole('region', { name: 'Handoff' });
    await expect(panel(page)).toHaveAttribute('data-theme', theme);
    await region.getByText('Incident details').click();
    await region.getByRole('button', { name: 'Resolve…' }).click();
    await expect(region.getByRole('form', { name: 'Resolve incident' })).toBeVisible();
    expect(await seriousViolations(page, 'handoff-incident-panel')).toEqual([]);

    // Defender Experts' incident: actions disabled, their reasons shown.
    await page.evaluate(() => history.pushState({}, '', `/incident2/1004/overview${location.search}`));
    await expect(region.getByRole('button', { name: 'Assign to me' })).toBeDisabled();
    expect(await seriousViolations(page, 'handoff-incident-panel')).toEqual([]);

    // Collapsed to its pill (issue 14): the one button still says whose move it is.
    await region.getByRole('button', { name: 'Collapse' }).click();
    await expect(region.getByRole('button', { name: /^Expand Handoff: Defender Experts’ move/ })).toBeVisible();
    expect(await seriousViolations(page, 'handoff-incident-panel')).toEqual([]);
  });
}
