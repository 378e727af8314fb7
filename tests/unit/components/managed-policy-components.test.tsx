// @vitest-environment happy-dom
import { render, type ComponentChild } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AccountSection } from '@/components/AccountSection';
import { PolicyWarnings, setByOrganisation } from '@/components/ManagedPolicyNotes';
import { TenantForm } from '@/components/TenantForm';
import { TenantList } from '@/components/TenantList';
import { tenantConfigSchema } from '@/utils/domain/settings';

/** The options page shows the policy's values read-only and marked, and the values it ignored as warnings. */

const clientId = '0a1b2c3d-0000-4000-8000-000000000001';

function mount(node: ComponentChild): HTMLElement {
  const container = document.createElement('div');
  document.body.append(container);
  render(node, container);
  return container;
}

afterEach(() => document.body.replaceChildren());

function account(locked: { clientIdLocked?: boolean; quickActionsLocked?: boolean }) {
  const onSignIn = vi.fn();
  const onQuickActionsChange = vi.fn();
  const container = mount(
    <AccountSection
      clientId={clientId}
      account={null}
      grantedScopes={[]}
      quickActionsEnabled={false}
      busy={false}
      error={null}
      onSignIn={onSignIn}
      onSignOut={vi.fn()}
      onQuickActionsChange={onQuickActionsChange}
      {...locked}
    />,
  );
  return { container, onSignIn, onQuickActionsChange };
}

describe('the account section under a policy', () => {
  it('shows a managed application id read-only, marked, and signs in with it', () => {
    const { container, onSignIn } = account({ clientIdLocked: true });
    const input = container.querySelector<HTMLInputElement>('#client-id')!;
    expect(input.readOnly).toBe(true);
    expect(input.value).toBe(clientId);
    expect(container.querySelector('#client-id-managed')?.textContent).toBe(setByOrganisation);
    expect(input.getAttribute('aria-describedby')).toContain('client-id-managed');
    container.querySelector<HTMLFormElement>('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    expect(onSignIn).toHaveBeenCalledWith(clientId);
  });

  it('disables quick actions locked off, marked; unlocked fields stay editable and unmarked', () => {
    const locked = account({ quickActionsLocked: true }).container;
    expect(locked.querySelector<HTMLInputElement>('#quick-actions')!.disabled).toBe(true);
    expect(locked.querySelector('#quick-actions-managed')?.textContent).toBe(setByOrganisation);
    expect(locked.querySelector<HTMLInputElement>('#client-id')!.readOnly).toBe(false);
    document.body.replaceChildren();
    const free = account({}).container;
    expect(free.querySelector<HTMLInputElement>('#quick-actions')!.disabled).toBe(false);
    expect(free.textContent).not.toContain(setByOrganisation);
  });
});

describe('the tenant list and form under a policy', () => {
  const tenant = (tenantId: string, displayName: string) => tenantConfigSchema.parse({ tenantId, resolvedTenantId: tenantId, displayName, service: 'xdr' });

  it("marks the policy's tenants and offers no Edit or Remove for them; the analyst's own keep both", () => {
    const container = mount(
      <TenantList
        tenants={[
          { key: 'a', config: tenant('3f2504e0-4f89-41d3-9a0c-0305e82c3301', 'Contoso'), status: 'Synced', problem: false, flags: [], managed: true },
          { key: 'b', config: tenant('16fd2706-8baf-433b-82eb-8c7fada847da', 'Northwind'), status: 'Synced', problem: false, flags: [] },
        ]}
        detailsHref={(key) => `#tenant=${key}`}
        onEdit={vi.fn()}
        onRemove={vi.fn()}
      />,
    );
    const [contoso, northwind] = [...container.querySelectorAll('tbody tr')];
    expect(contoso?.textContent).toContain(setByOrganisation);
    expect(contoso?.querySelectorAll('button')).toHaveLength(0);
    expect(northwind?.textContent).not.toContain(setByOrganisation);
    expect([...(northwind?.querySelectorAll('button') ?? [])].map((button) => button.textContent)).toEqual(['Edit', 'Remove']);
  });

  it('shows the severity the policy sets read-only', () => {
    const container = mount(<TenantForm errors={{}} onSubmit={() => true} severityLocked />);
    expect(container.querySelector<HTMLSelectElement>('#tenant-minimumNotificationSeverity')!.disabled).toBe(true);
    expect(container.textContent).toContain(setByOrganisation);
  });
});

describe('policy warnings', () => {
  it('name each ignored value and why, as an alert; nothing when there are none', () => {
    const container = mount(
      <PolicyWarnings warnings={[{ field: 'tenants[1].tenantId', message: 'Must be a GUID. This tenant was ignored.' }]} />,
    );
    const alert = container.querySelector('[role="alert"]');
    expect(alert?.textContent).toContain('tenants[1].tenantId: Must be a GUID. This tenant was ignored.');
    document.body.replaceChildren();
    expect(mount(<PolicyWarnings warnings={[]} />).innerHTML).toBe('');
  });
});
