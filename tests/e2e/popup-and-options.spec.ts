import { readFile } from 'node:fs/promises';
import { CONTOSO_TENANT_ID, FABRIKAM_TENANT_ID, NORTHWIND_TENANT_ID } from '../fixtures/demo-tenants';
import { expect, test } from './extension-fixture';
import { configureTenants, demoTenantSettings, readTenantCachesInPage, refreshNow, showOptionsPage, signInThroughOptions } from './handoff-setup';

/** RFC 4180: quoted fields, doubled quotes, CRLF records. Throws on anything else, so the test checks validity. */
function parseQuotedCsv(text: string): string[][] {
  const records: string[][] = [];
  let index = 0;
  while (index < text.length) {
    const record: string[] = [];
    for (;;) {
      if (text[index] !== '"') throw new Error(`Unquoted field at ${index}`);
      let value = '';
      index += 1;
      for (;;) {
        const quote = text.indexOf('"', index);
        if (quote < 0) throw new Error('Unterminated field');
        value += text.slice(index, quote);
        index = quote + 1;
        if (text[index] === '"') {
          value += '"';
          index += 1;
        } else break;
      }
      record.push(value);
      if (text[index] === ',') index += 1;
      else if (text.startsWith('\r\n', index)) {
        index += 2;
        break;
      } else throw new Error(`Unexpected character at ${index}`);
    }
    records.push(record);
  }
  return records;
}

test.describe('with three synced demo tenants', () => {
  test.beforeEach(async ({ context, openExtensionPage }) => {
    const options = await openExtensionPage('options.html');
    await signInThroughOptions(context, options);
    await configureTenants(options, [demoTenantSettings.northwind, demoTenantSettings.fabrikam, demoTenantSettings.contoso]);
    await refreshNow(options);
  });

  test('the popup shows the totals, My queue across tenants in order, and one line per tenant, with deep links into the right tenant', async ({
    openExtensionPage,
  }) => {
    const popup = await openExtensionPage('popup.html');
    // From the demo data table: Contoso awaiting you 1002, 1009 (remediation) + 1003, 1010, 1018 (hunting);
    // Fabrikam (Hunting only) 2001, 2002 (hunting).
    await expect(popup.locator('.work-queue__totals')).toHaveText('7 awaiting you');

    // Most severe first, then the longest waiting; each tenant lists its first three, the rest are counted.
    const queue = popup.getByRole('list', { name: 'My queue' }).locator(':scope > li');
    await expect(queue).toHaveText([
      /^High · Contoso · Respond to hunting finding · 9h/,
      /^High · Contoso · Respond to hunting finding · [56]h/,
      /^High · Fabrikam · Respond to hunting finding · [45]h/,
      /^High · Contoso · Act on remediation · [23]h/,
      /^Medium · Fabrikam · Respond to hunting finding/,
      '2 more awaiting you in Contoso',
    ]);
    // The title is read from the extension's IndexedDB after the first paint (never from the summaries).
    await expect(queue.first()).toContainText('Defender Experts: Suspicious remote PowerShell session on CONTOSO-SQL-02');
    const hrefs = await queue.getByRole('link').evaluateAll((links) => links.map((link) => link.getAttribute('href')));
    expect(hrefs).toEqual([
      `https://security.microsoft.com/incident2/1010/overview?tid=${CONTOSO_TENANT_ID}`,
      `https://security.microsoft.com/incident2/1003/overview?tid=${CONTOSO_TENANT_ID}`,
      `https://security.microsoft.com/incident2/2001/overview?tid=${FABRIKAM_TENANT_ID}`,
      `https://security.microsoft.com/incident2/1002/overview?tid=${CONTOSO_TENANT_ID}`,
      `https://security.microsoft.com/incident2/2002/overview?tid=${FABRIKAM_TENANT_ID}`,
      `https://security.microsoft.com/incidents?tid=${CONTOSO_TENANT_ID}`,
    ]);

    // Tenants: sorted by what awaits you. Contoso reviews 1006, 1012; unassigned partner incidents 1008, 1014.
    await popup.getByRole('button', { name: 'Tenants (3)' }).click();
    const tenants = popup.getByRole('list', { name: 'Tenants' }).locator(':scope > li');
    await expect(tenants).toHaveText([
      'With work (3)',
      /^Contoso5 awaiting · (\d+ open tasks? · )?2 to review · 2 unassigned$/,
      /^Fabrikam2 awaiting/,
      /^Northwind Traders/,
    ]);
    await expect(popup.getByRole('link', { name: /^Contoso/ })).toHaveAttribute(
      'href',
      `https://security.microsoft.com/incidents?tid=${CONTOSO_TENANT_ID}`,
    );
  });

  test('an exported CSV has a quoted row per incident in range', async ({ context }) => {
    const options = context.pages().find((page) => page.url().endsWith('options.html'))!;
    await showOptionsPage(options, 'Reports and audit');
    const downloading = options.waitForEvent('download');
    await options.getByRole('button', { name: 'Export CSV' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^handoff-report-\d{4}-\d\d-\d\d-to-\d{4}-\d\d-\d\d\.csv$/);
    const records = parseQuotedCsv(await readFile((await download.path())!, 'utf8'));
    expect(records[0]).toEqual(['Tenant', 'Incident', 'Title', 'Severity', 'Status', 'Owner', 'Step', 'Your action', 'Step since', 'Time in step', 'Created']);
    const stored = await options.evaluate(readTenantCachesInPage, [CONTOSO_TENANT_ID, FABRIKAM_TENANT_ID, NORTHWIND_TENANT_ID]);
    const cached = await options.evaluate(async (stored) => {
      const since = Date.now() - 30 * 24 * 3_600_000;
      return Object.values(stored).flatMap((cache) =>
        Object.values((cache as { incidents: Record<string, { incident: { id: string; createdDateTime: string } }> }).incidents)
          .filter(({ incident }) => Date.parse(incident.createdDateTime) >= new Date(new Date(since).toISOString().slice(0, 10)).getTime())
          .map(({ incident }) => incident.id),
      );
    }, stored);
    expect(records.slice(1).map((record) => record[1]).sort()).toEqual(cached.sort());
    const hostile = records.find((record) => record[1] === '1014');
    expect(hostile?.[2]).toContain('<img src=x onerror=alert(1)>');
    expect(new Set(records.map((record) => record.length))).toEqual(new Set([11]));
  });
});

test('tenants are added, edited and removed; bad input is refused with its message and nothing is saved', async ({
  context,
  openExtensionPage,
}) => {
  const options = await openExtensionPage('options.html');
  await signInThroughOptions(context, options);
  await showOptionsPage(options, 'Tenants');
  const storedTenants = () =>
    options.evaluate(async () => ((await chrome.storage.local.get('settings')).settings as { tenants: unknown[] }).tenants);

  const add = options.getByRole('form', { name: 'Add a tenant' });
  await add.getByRole('textbox', { name: 'Tenant ID' }).fill('not a tenant');
  await add.getByRole('textbox', { name: 'Display name' }).fill('Contoso');
  await add.getByRole('textbox', { name: 'Teams channel link (optional)' }).fill('https://evil.example/channel');
  await add.getByRole('button', { name: 'Add tenant' }).click();
  await expect(add.getByText('Enter the tenant ID (a GUID) or a verified domain such as contoso.onmicrosoft.com.')).toBeVisible();
  await expect(add.getByText('Teams channel links start with https://teams.microsoft.com/.')).toBeVisible();
  expect(await storedTenants()).toEqual([]);

  await add.getByRole('textbox', { name: 'Tenant ID' }).fill(CONTOSO_TENANT_ID);
  await add.getByRole('textbox', { name: 'Teams channel link (optional)' }).fill('https://teams.microsoft.com/l/channel/19%3aabc/Contoso');
  await add.getByRole('button', { name: 'Add tenant' }).click();
  const list = options.getByRole('table', { name: 'Customer tenants' });
  await expect(list.getByRole('row', { name: /Contoso/ })).toBeVisible();
  await expect(add.getByRole('textbox', { name: 'Tenant ID' })).toHaveValue('');

  await add.getByRole('textbox', { name: 'Tenant ID' }).fill(CONTOSO_TENANT_ID.toUpperCase());
  await add.getByRole('textbox', { name: 'Display name' }).fill('Contoso again');
  await add.getByRole('button', { name: 'Add tenant' }).click();
  await expect(add.getByText('This tenant is already added as “Contoso”.')).toBeVisible();
  expect(await storedTenants()).toHaveLength(1);

  await list.getByRole('button', { name: 'Edit Contoso' }).click();
  const edit = options.getByRole('form', { name: 'Edit Contoso' });
  await expect(edit.getByRole('textbox', { name: 'Tenant ID' })).toHaveAttribute('readonly', '');
  await edit.getByRole('textbox', { name: 'Display name' }).fill('');
  await edit.getByRole('button', { name: 'Save tenant' }).click();
  await expect(edit.getByText('Enter a display name.')).toBeVisible();
  await edit.getByRole('textbox', { name: 'Display name' }).fill('Contoso EMEA');
  await edit.getByRole('combobox', { name: 'Defender Experts service' }).selectOption({ label: 'Defender Experts for Hunting' });
  await edit.getByRole('combobox', { name: 'Tenant colour' }).selectOption({ label: 'Purple' });
  await edit.getByRole('button', { name: 'Save tenant' }).click();
  await expect(list.getByRole('row', { name: /Contoso EMEA/ })).toContainText('Defender Experts for Hunting');
  expect(await storedTenants()).toEqual([
    expect.objectContaining({ tenantId: CONTOSO_TENANT_ID, displayName: 'Contoso EMEA', service: 'hunting', color: 'purple' }),
  ]);

  await list.getByRole('button', { name: 'Remove Contoso EMEA' }).click();
  await expect(options.getByText('No customer tenants yet')).toBeVisible();
  await expect.poll(storedTenants).toEqual([]);
  await expect(options.getByRole('status').filter({ hasText: 'Removed Contoso EMEA.' }).getByRole('button', { name: 'Undo' })).toBeVisible();
});

test('GDAP import lists the roles held (through which group) vs only requested, marks expiring relationships, and adds the chosen ones', async ({
  context,
  openExtensionPage,
}) => {
  const options = await openExtensionPage('options.html');
  await signInThroughOptions(context, options);
  await showOptionsPage(options, 'Tenants');
  await options.getByRole('button', { name: 'Import from GDAP' }).click();
  const customers = options.getByRole('table', { name: 'GDAP customers' });
  const contoso = customers.getByRole('row', { name: /Contoso/ });
  await expect(contoso.locator('[data-column="held"]')).toHaveText(
    'Security Reader (via Woodgrove SOC operators); Security Operator (via Woodgrove SOC operators)',
  );
  await expect(contoso.locator('[data-column="access"]')).toHaveText('Read and write');
  // Fabrikam's relationship requests Security Operator, but the analyst is only in the readers' group.
  const fabrikam = customers.getByRole('row', { name: /Fabrikam/ });
  await expect(fabrikam.locator('[data-column="held"]')).toHaveText('Security Reader (via Woodgrove SOC readers)');
  await expect(fabrikam.locator('[data-column="requested-only"]')).toHaveText('Security Operator');
  await expect(fabrikam.locator('[data-column="access"]')).toHaveText('Read only');
  // Northwind's relationship is `expiring`: still active, listed and marked.
  const northwind = customers.getByRole('row', { name: /Northwind/ });
  await expect(northwind.locator('[data-expiring]')).toContainText('Expiring: Woodgrove MSSP - Northwind Traders SOC ends');
  await expect(northwind.locator('[data-expiring]')).toContainText('(still active)');
  await expect(northwind.locator('[data-column="access"]')).toHaveText('Read and write');
  await customers.getByRole('checkbox', { name: 'Import Fabrikam' }).check();
  await customers.getByRole('combobox', { name: 'Defender Experts service for Fabrikam' }).selectOption({ label: 'Defender Experts for Hunting' });
  await customers.getByRole('checkbox', { name: 'Import Northwind Traders' }).check();
  await options.getByRole('button', { name: 'Add selected tenants' }).click();

  const list = options.getByRole('table', { name: 'Customer tenants' });
  await expect(list.getByRole('row', { name: /Fabrikam/ })).toContainText('Defender Experts for Hunting');
  await expect(list.getByRole('row', { name: /Fabrikam/ })).toContainText('Security Reader');
  await expect(list.getByRole('row', { name: /Fabrikam/ })).not.toContainText('Security Operator');
  await expect(list.getByRole('row', { name: /Northwind/ })).toContainText(NORTHWIND_TENANT_ID);
  await expect(list.getByRole('row', { name: /Contoso/ })).toHaveCount(0);
  await expect(list.getByRole('row', { name: /Fabrikam/ })).toContainText('Synced');

  // Readiness (a tenant's name opens it): the reader group reads only, though the relationship requests
  // Operator; Operator writes (quick actions still off).
  await list.getByRole('link', { name: 'Fabrikam' }).click();
  const fabrikamReadiness = options.getByRole('article', { name: 'Readiness: Fabrikam' });
  await expect(fabrikamReadiness).toContainText('Access: Read only (Security Reader via Woodgrove SOC readers)');
  await expect(fabrikamReadiness).toContainText('Requested only (not assigned to you): Security Operator');
  await expect(fabrikamReadiness).toContainText('Security Operator is needed');
  await expect(fabrikamReadiness).toContainText('requests Security Operator, but you are not in a group it is assigned to');
  await list.getByRole('link', { name: 'Northwind Traders' }).click();
  const northwindReadiness = options.getByRole('article', { name: 'Readiness: Northwind Traders' });
  await expect(northwindReadiness).toContainText('Access: Read and write (Security Operator via Woodgrove SOC operators)');
  await expect(northwindReadiness).toContainText('Quick actions are off');
  await expect(northwindReadiness.locator('[data-readiness="expiring"]')).toContainText(
    'GDAP relationship "Woodgrove MSSP - Northwind Traders SOC" is expiring (ends',
  );
});

test('the matrix view shows every row of both reference tables', async ({ openExtensionPage }) => {
  const options = await openExtensionPage('options.html#about');
  // The options page renders after its settings (and any policy) are read: wait for the table first.
  const rowTitles = async (table: string) => {
    const headers = options.getByRole('table', { name: `Who does what: ${table}` }).locator('tbody th');
    await expect(headers.first()).toBeVisible();
    return headers.evaluateAll((cells) => cells.map((cell) => cell.childNodes[0]?.textContent?.trim()));
  };
  expect(await rowTitles('Defender Experts for XDR')).toEqual([
    'Onboarding', 'Hunting', 'Co-hunting', 'Incident triage', 'Incident investigation', 'Incident remediation',
    'Incident chat', 'Teams chat', 'Email notifications', 'Reporting', 'Service review',
  ]);
  await options.getByRole('radio', { name: 'Defender Experts for Hunting' }).check();
  expect(await rowTitles('Defender Experts for Hunting')).toEqual(['Onboarding', 'Hunting', 'Co-hunting', 'Reporting']);
});
