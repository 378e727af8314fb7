// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AccountSection } from '@/components/AccountSection';
import { unneededWriteScopes } from '@/utils/domain/write-access';

const account = { username: 'analyst@woodgrove.example', name: 'Analyst', homeTenantId: 'h', homeAccountId: 'oid.h' };
const read = ['https://graph.microsoft.com/SecurityIncident.Read.All', 'openid', 'profile', 'offline_access'];
const write = [...read, 'https://graph.microsoft.com/SecurityIncident.ReadWrite.All'];

function mount(grantedScopes: string[], quickActionsEnabled: boolean) {
  const container = document.createElement('div');
  document.body.append(container);
  render(
    <AccountSection
      clientId="0a1b2c3d-0000-4000-8000-000000000001"
      account={account}
      grantedScopes={grantedScopes}
      quickActionsEnabled={quickActionsEnabled}
      busy={false}
      error={null}
      onSignIn={vi.fn()}
      onSignOut={vi.fn()}
      onQuickActionsChange={vi.fn()}
    />,
    container,
  );
  return container;
}

afterEach(() => document.body.replaceChildren());

describe('write scopes on a read token', () => {
  it('are the ReadWrite scopes granted while quick actions are off', () => {
    expect(unneededWriteScopes(write, false)).toEqual(['https://graph.microsoft.com/SecurityIncident.ReadWrite.All']);
    expect(unneededWriteScopes(write, true)).toEqual([]);
    expect(unneededWriteScopes(read, false)).toEqual([]);
  });

  it('are shown on the options page, pointing to a read-only application', () => {
    const note = mount(write, false).querySelector('[role="note"]');
    expect(note?.textContent).toContain('This sign-in can change incidents although quick actions are off');
    expect(note?.textContent).toContain('SecurityIncident.ReadWrite.All');
    expect(note?.textContent).toContain('read-only application');
    expect(mount(write, true).querySelector('[role="note"]')).toBeNull();
    expect(mount(read, false).querySelector('[role="note"]')).toBeNull();
  });
});
