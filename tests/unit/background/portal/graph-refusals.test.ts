// @vitest-environment node
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { betaUnavailableReason, panelError, refusedWrite } from '@/utils/background/portal/graph-refusals';
import type { TenantContext } from '@/utils/background/portal/tenant-context';
import { GraphRequestError } from '@/utils/domain/graph-request-error';
import { settingsSchema } from '@/utils/domain/settings';
import { TokenUnavailableError } from '@/utils/domain/token-unavailable-error';
import { readWriteRefusal } from '@/utils/storage/write-refusal-storage';

/** The words the panel shows when Graph or the token broker says no, and what a 403 on a write leaves. */

const graphError = (status: number, message = 'Graph said no.') => new GraphRequestError({ status, code: `http${status}`, message });

describe('graph refusals', () => {
  beforeEach(() => fakeBrowser.reset());

  it('words token and Graph failures for the panel', () => {
    expect(panelError(new TokenUnavailableError('consentRequired', 'AADSTS65001'), '1').message).toBe(
      'The Handoff app is not consented for this in the tenant: ask its administrator, then sign in again.',
    );
    expect(panelError(new TokenUnavailableError('interactionRequired', 'expired'), '1').message).toBe(
      "Handoff could not get access to Microsoft Graph (expired). Sign in again from Handoff's options.",
    );
    expect(panelError(graphError(404), '4040').message).toBe('Microsoft Graph has no incident 4040 in this tenant.');
    expect(panelError(graphError(429), '1').message).toBe('Microsoft Graph is throttling requests: try again in a minute.');
    expect(panelError(graphError(0, 'socket hang up'), '1').message).toBe('Microsoft Graph answered nothing: socket hang up');
    const plain = new Error('Sign in to Handoff first.');
    expect(panelError(plain, '1')).toBe(plain);
    expect(panelError('odd', '1').message).toBe('odd');
  });

  it('says why a beta feature is not available: beta refused, or Graph could not be read', () => {
    expect(betaUnavailableReason(graphError(403), 'Tasks are not available')).toBe('Tasks are not available (Microsoft Graph beta answered 403).');
    expect(betaUnavailableReason(graphError(404), 'Tasks are not available')).toBe('Tasks are not available (Microsoft Graph beta answered 404).');
    expect(betaUnavailableReason(graphError(429), 'Tasks are not available')).toBe(
      'Tasks are not available right now: Microsoft Graph is throttling requests: try again in a minute.',
    );
  });

  it('remembers only a 403 as a write refusal, and answers with the tenant now read-only', async () => {
    const settings = settingsSchema.parse({
      clientId: '00000000-0000-0000-0000-000000000001',
      quickActionsEnabled: true,
      tenants: [{ tenantId: 'contoso.example', displayName: 'Contoso', service: 'xdr' }],
    });
    const tenant = settings.tenants[0]!;
    const account = { username: 'analyst@woodgrove.example', name: 'Analyst', homeTenantId: 'woodgrove.example', homeAccountId: 'oid.woodgrove' };
    await fakeBrowser.storage.local.set({ settings, signedInAccount: account });
    const context: TenantContext = { settings, tenant, key: 'contoso.example', username: account.username, writeAccess: { allowed: true, reason: null } };
    const now = () => new Date('2026-01-01T00:00:00Z');

    expect(await refusedWrite(graphError(500), 'contoso.example', context, now)).toBeNull();
    expect(await refusedWrite(new Error('Sign in to Handoff first.'), 'contoso.example', context, now)).toBeNull();
    expect(await readWriteRefusal('contoso.example')).toBeNull();

    const refused = await refusedWrite(graphError(403, 'Forbidden.'), 'contoso.example', context, now);
    expect(await readWriteRefusal('contoso.example')).toMatchObject({ message: 'Forbidden.' });
    expect(refused?.context.writeAccess.allowed).toBe(false);
    expect(refused?.reason).toMatch(/^Read-only in Contoso: Microsoft Graph refused a change \(403\)/);
  });
});
