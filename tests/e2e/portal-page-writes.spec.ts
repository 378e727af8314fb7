import type { CDPSession, Page } from '@playwright/test';
import type { FakeMicrosoftCloud } from '../fakes/fake-microsoft-cloud';
import { CONTOSO_TENANT_ID } from '../fixtures/demo-tenants';
import { inContentScriptWorld, sendMessageExpression } from './content-script-world';
import { expect, test } from './extension-fixture';
import { answerConfirmWindow, closedHandoffRoots, graphWrites, panel, portalUrl, setUpSyncedTenants } from './portal-setup';

/**
 * SECURITY.md threat 3: a script on the portal page (an XSS in the portal, another extension's main-world
 * script) must not make Handoff write. Handoff's roots are closed, so the page cannot find the buttons;
 * and were it handed one (here: through CDP, as only DevTools could), its click() or dispatched
 * MouseEvent is untrusted and ignored. The analyst's own click (Playwright's real mouse) still writes.
 * No revealClosedRoots here: the page sees exactly what it would in production.
 */

/** The panel's closed shadow root as an object of the page's MAIN world: what a page script would hold. */
async function panelRootInPageWorld(cdp: CDPSession): Promise<string> {
  const roots = await closedHandoffRoots(cdp);
  const panelRoot = roots.find((root) => root.host === 'handoff-incident-panel');
  if (!panelRoot) throw new Error('no closed panel root');
  const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: panelRoot.root });
  if (!object.objectId) throw new Error('panel root not resolvable');
  return object.objectId;
}

/** Runs `body` (a page script's function, given the panel root and `arg`) in the page's main world. */
async function inPanel<T>(cdp: CDPSession, body: string, arg: unknown = null): Promise<T> {
  const objectId = await panelRootInPageWorld(cdp);
  const { result, exceptionDetails } = await cdp.send('Runtime.callFunctionOn', {
    objectId,
    functionDeclaration: `function (arg) { const root = this; ${body} }`,
    arguments: [{ value: arg }],
    returnByValue: true,
    awaitPromise: true,
  });
  if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
  return result.value as T;
}

const findButton = `const button = [...root.querySelectorAll('button')].find((b) => (b.getAttribute('aria-label') ?? b.textContent).trim().startsWith(arg));`;

/** A page script's clicks on a button: click() and a dispatched, bubbling, composed MouseEvent. */
async function pageScriptClick(cdp: CDPSession, name: string): Promise<boolean> {
  return inPanel<boolean>(
    cdp,
    `${findButton}
     if (!button) return false;
     button.click();
     button.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, composed: true, view: window }));
     return true;`,
    name,
  );
}

/** The analyst's click: the real mouse at the button's centre (a trusted event). */
async function analystClick(page: Page, cdp: CDPSession, name: string): Promise<void> {
  const centre = await inPanel<{ x: number; y: number } | null>(
    cdp,
    `${findButton}
     if (!button) return null;
     button.scrollIntoView({ block: 'center' });
     const rect = button.getBoundingClientRect();
     return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };`,
    name,
  );
  if (!centre) throw new Error(`no button ${name}`);
  await page.mouse.click(centre.x, centre.y);
}

const statusText = (cdp: CDPSession) => inPanel<string | null>(cdp, `return root.querySelector('[role="status"]')?.textContent ?? null;`);
const buttonEnabled = (cdp: CDPSession, name: string) =>
  inPanel<boolean>(cdp, `${findButton} return Boolean(button && !button.disabled);`, name);

/**
 * A barrier instead of a fixed wait: the hunting guidance of the incident, asked from the content
 * script's own world (after any message its clicks sent), answered; then every Graph request since the
 * log was cleared must be that read alone (a write attempt re-reads its incident or task first).
 */
async function afterContentScriptRequests(page: Page, extensionId: string, cloud: FakeMicrosoftCloud, incidentId = '1002') {
  const evaluate = await inContentScriptWorld(page, extensionId);
  const answer = await evaluate(sendMessageExpression({ type: 'getHuntingGuidance', tenantId: CONTOSO_TENANT_ID, incidentId }));
  expect(answer).toMatchObject({ ok: true });
  // The panel's own list of the incident's tasks may still be in flight after a navigation: it is a
  // read the panel makes whatever is clicked, and never a write's re-read (that reads the incident or task).
  const panelTaskList = 'GET /beta/security/incidentTasks';
  expect(
    cloud
      .graphRequests()
      .map((request) => `${request.method} ${request.path}`)
      .filter((request) => request !== panelTaskList),
  ).toEqual([`GET /beta/security/incidents/${incidentId}`]);
}

test('a page script can neither reach the panel nor make it write; the analyst’s own clicks still do', async ({
  context,
  openExtensionPage,
  extensionId,
  cloud,
}) => {
  test.setTimeout(60_000);
  await setUpSyncedTenants(context, openExtensionPage, { quickActions: true, tenants: ['contoso'], revealClosedRoots: false });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('DOM.enable');
  await page.goto(`${portalUrl}/incident2/1002/overview?tid=${CONTOSO_TENANT_ID}`);
  await expect(panel(page)).toHaveAttribute('data-handoff-owner', /.+/);

  // The hosts keep their public data-handoff-* contract, but their roots are closed to the page.
  expect(
    await page.evaluate(() => [...document.querySelectorAll('handoff-incident-panel')].map((host) => host.shadowRoot === null)),
  ).toEqual([true]);
  await expect.poll(() => buttonEnabled(cdp, 'Mark completed'), { timeout: 15_000 }).toBe(true);
  await expect.poll(() => buttonEnabled(cdp, 'Run isolate device'), { timeout: 15_000 }).toBe(true);
  cloud.clearRequests();

  // A page script handed the buttons clicks every write control.
  expect(await pageScriptClick(cdp, 'Mark completed')).toBe(true);
  expect(await pageScriptClick(cdp, 'Run isolate device')).toBe(true);
  expect(await pageScriptClick(cdp, 'Resolve…')).toBe(true); // does not even open the form
  expect(await inPanel<number>(cdp, `return root.querySelectorAll('form').length;`)).toBe(0);
  // The analyst opens the comment form and types; the page script then tries to send it.
  await analystClick(page, cdp, 'Add comment…');
  await inPanel(cdp, `root.querySelector('form textarea').focus();`);
  await page.keyboard.type('Typed by the analyst, sent by the page?');
  expect(await pageScriptClick(cdp, 'Post comment')).toBe(true);
  await inPanel(cdp, `const form = root.querySelector('form'); form.requestSubmit(); form.dispatchEvent(new Event('submit', { cancelable: true }));`);
  // No fixed wait: a read sent after them through the content script's own channel is answered, so
  // had any click started a write, its re-read would be on the wire; the barrier's read is all there is.
  await afterContentScriptRequests(page, extensionId, cloud);
  expect(graphWrites(cloud)).toEqual([]);
  expect(await inPanel<string>(cdp, `return root.textContent;`)).not.toContain('Confirm: Run');

  // The analyst's own clicks write.
  await analystClick(page, cdp, 'Post comment');
  await expect.poll(() => statusText(cdp), { timeout: 15_000 }).toBe('Comment added.');
  expect(graphWrites(cloud)).toEqual([expect.objectContaining({ method: 'POST', path: '/v1.0/security/incidents/1002/comments' })]);

  // Assign to me, on an incident nobody is assigned to: the page's click writes nothing, the analyst's does.
  await page.goto(`${portalUrl}/incident2/1008/overview?tid=${CONTOSO_TENANT_ID}`);
  await expect(panel(page)).toHaveAttribute('data-handoff-incident-id', '1008');
  await expect.poll(() => buttonEnabled(cdp, 'Assign to me'), { timeout: 15_000 }).toBe(true);
  cloud.clearRequests();
  expect(await pageScriptClick(cdp, 'Assign to me')).toBe(true);
  await afterContentScriptRequests(page, extensionId, cloud, '1008');
  expect(graphWrites(cloud)).toEqual([]);
  await analystClick(page, cdp, 'Assign to me');
  await expect.poll(() => statusText(cdp), { timeout: 15_000 }).toBe('Assigned to you.');
  expect(graphWrites(cloud).map((write) => `${write.method} ${write.path}`)).toEqual(['PATCH /v1.0/security/incidents/1008']);
});

test('Resolve writes only after the analyst’s yes in Handoff’s own confirm window; Cancel there writes nothing', async ({
  context,
  openExtensionPage,
  cloud,
}) => {
  test.setTimeout(60_000);
  await setUpSyncedTenants(context, openExtensionPage, { quickActions: true, tenants: ['contoso'] });
  const page = await context.newPage();
  await page.goto(`${portalUrl}/incident2/1002/overview?tid=${CONTOSO_TENANT_ID}`);
  await expect(panel(page)).toHaveAttribute('data-handoff-owner', /.+/);
  const region = panel(page).getByRole('region', { name: 'Handoff' });
  cloud.clearRequests();
  await region.getByRole('button', { name: 'Resolve…' }).click();
  const form = region.getByRole('form', { name: 'Resolve incident' });
  // Nothing is chosen for the analyst (issue 14, item 8).
  await form.getByRole('combobox', { name: 'Classification' }).selectOption('falsePositive');
  await form.getByRole('combobox', { name: 'Determination' }).selectOption('notMalicious');
  await form.getByRole('textbox', { name: 'Comment' }).fill('Closing: benign.');

  // The window is the extension's own page, not the portal's: the page cannot script or read it.
  const cancelled = await answerConfirmWindow(context, () => form.getByRole('button', { name: 'Resolve incident' }).click(), {
    approve: false,
    expect: /Resolve incident 1002\?[\s\S]*Comment: Closing: benign\./,
  });
  expect(new URL(cancelled.url()).protocol).toBe('chrome-extension:');
  await expect(region.getByRole('alert').or(region.getByRole('status'))).toContainText('Not confirmed');
  expect(graphWrites(cloud)).toEqual([]);

  await answerConfirmWindow(context, () => form.getByRole('button', { name: 'Resolve incident' }).click(), {
    approve: true,
    beforeAnswer: async () => {
      expect(graphWrites(cloud)).toEqual([]); // the window is open: asked, not yet answered, nothing written
    },
  });
  await expect(region.getByRole('status')).toHaveText('Resolved.');
  expect(graphWrites(cloud).map((write) => `${write.method} ${write.path}`)).toEqual(['PATCH /v1.0/security/incidents/1002']);
});
