import { describe, expect, it } from 'vitest';
import { adminConsentUrl, signInFailureAdvice, tenantFailureAdvice, type AdviceContext } from '@/utils/sync/failure-advice';

const clientId = '8a7b6c5d-4e3f-4a2b-9c1d-0e9f8a7b6c5d';
const tenantId = '16fd2706-8baf-433b-82eb-8c7fada847da';
const redirectUri = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/';
const now = new Date('2026-12-02T12:00:00Z');
const read = 'https://graph.microsoft.com/SecurityIncident.Read.All';
const context: AdviceContext = { clientId, redirectUri, scopes: [read], now };
const northwind = { displayName: 'Northwind Traders', tenantId };
const status = (state: 'ok' | 'neverSynced' | 'needsSignIn' | 'needsConsent' | 'missingRole' | 'throttled' | 'error', message: string | null = null, retryAt: string | null = null) => ({ state, message, retryAt });

describe('adminConsentUrl', () => {
  it('is the v2 admin-consent endpoint of the tenant with the client id, the scopes and the redirect URI', () => {
    const url = new URL(adminConsentUrl(tenantId, clientId, redirectUri, [read, 'https://graph.microsoft.com/SecurityIncident.ReadWrite.All']));
    expect(`${url.origin}${url.pathname}`).toBe(`https://login.microsoftonline.com/${tenantId}/v2.0/adminconsent`);
    expect([...url.searchParams]).toEqual([
      ['client_id', clientId],
      ['scope', `${read} https://graph.microsoft.com/SecurityIncident.ReadWrite.All`],
      ['redirect_uri', redirectUri],
    ]);
  });

  it('keeps a tenant given by domain inside the path', () => {
    expect(adminConsentUrl('contoso.example/../x', clientId, redirectUri, [read])).toMatch(
      /^https:\/\/login\.microsoftonline\.com\/contoso\.example%2F\.\.%2Fx\/v2\.0\/adminconsent\?/,
    );
  });
});

describe('tenantFailureAdvice', () => {
  it('says nothing of a tenant that is fine or not synced yet', () => {
    expect(tenantFailureAdvice(northwind, status('ok'), context)).toBeNull();
    expect(tenantFailureAdvice(northwind, status('neverSynced'), context)).toBeNull();
  });

  it('consent: who must approve, the consent link to copy, Retry, the raw text as details', () => {
    const advice = tenantFailureAdvice(northwind, status('needsConsent', 'The app is not consented in this tenant: AADSTS65001 …'), context);
    expect(advice).toEqual({
      kind: 'consent',
      sentence:
        "Northwind Traders hasn't approved Handoff. An administrator of that tenant who can grant consent (directly or through your GDAP roles) must approve it.",
      actions: [
        { kind: 'copy', label: 'Copy consent link', text: adminConsentUrl(tenantId, clientId, redirectUri, [read]) },
        { kind: 'retry', label: 'Retry' },
      ],
      details: 'The app is not consented in this tenant: AADSTS65001 …',
    });
  });

  it('consent without an application id or redirect URI: no link to copy, Retry only', () => {
    expect(tenantFailureAdvice(northwind, status('needsConsent'), { ...context, clientId: null })?.actions).toEqual([{ kind: 'retry', label: 'Retry' }]);
    expect(tenantFailureAdvice(northwind, status('needsConsent'), { ...context, redirectUri: null })?.actions).toEqual([{ kind: 'retry', label: 'Retry' }]);
  });

  it('sign-in, missing role, throttled: each its own sentence and next step', () => {
    expect(tenantFailureAdvice(northwind, status('needsSignIn', 'Sign in again: x'), context)).toMatchObject({
      kind: 'signIn',
      sentence: 'Your Microsoft sign-in has ended, so Handoff cannot read Northwind Traders. Sign in again.',
      actions: [{ kind: 'signIn', label: 'Sign in again' }, { kind: 'retry', label: 'Retry' }],
    });
    expect(tenantFailureAdvice(northwind, status('missingRole', 'No role'), context)).toMatchObject({
      kind: 'missingRole',
      sentence:
        'You hold no role in Northwind Traders that may read incidents. Ask for Security Reader (or Security Operator to act) through your GDAP relationship with Northwind Traders, then retry.',
      actions: [{ kind: 'retry', label: 'Retry' }],
    });
    expect(tenantFailureAdvice(northwind, status('throttled', 'Graph is throttling', '2026-12-02T12:05:30Z'), context)).toMatchObject({
      kind: 'throttled',
      sentence: 'Microsoft Graph is limiting requests for Northwind Traders. Handoff waits and tries again in 5 minutes; nothing to do.',
      actions: [],
    });
    expect(tenantFailureAdvice(northwind, status('throttled', null, '2026-12-02T12:00:30Z'), context)?.sentence).toContain('tries again within a minute;');
    expect(tenantFailureAdvice(northwind, status('throttled'), context)?.sentence).toContain('tries again shortly;');
  });

  it('a dropped connection or an offline browser is "offline"; other errors say Handoff could not read', () => {
    expect(tenantFailureAdvice(northwind, status('error', 'Failed to fetch'), context)?.kind).toBe('offline');
    expect(tenantFailureAdvice(northwind, status('error', 'Graph could not be reached: the connection failed'), context)).toEqual({
      kind: 'offline',
      sentence:
        'Handoff cannot reach Microsoft: this browser may be offline, or a proxy or firewall blocks login.microsoftonline.com or graph.microsoft.com. It tries again by itself.',
      actions: [{ kind: 'retry', label: 'Retry' }],
      details: 'Graph could not be reached: the connection failed',
    });
    expect(tenantFailureAdvice(northwind, status('error', 'Graph answered 500 x'), { ...context, online: false })?.kind).toBe('offline');
    expect(tenantFailureAdvice(northwind, status('error', 'Graph answered 500 InternalServerError: boom'), context)).toEqual({
      kind: 'failed',
      sentence: "Handoff could not read Northwind Traders's incidents. Retry; if it keeps failing, the details below say what Microsoft answered.",
      actions: [{ kind: 'retry', label: 'Retry' }],
      details: 'Graph answered 500 InternalServerError: boom',
    });
  });
});

describe('signInFailureAdvice', () => {
  it('an unknown application or a refused redirect URI: check both, the redirect URI to copy', () => {
    for (const message of ['Authorization page could not be loaded.', "AADSTS700016: Application with identifier 'x' was not found", 'AADSTS50011: The redirect URI']) {
      expect(signInFailureAdvice(message, context)).toEqual({
        kind: 'setup',
        sentence: `Microsoft did not accept the sign-in request. Check the application id and the redirect URI ${redirectUri} (a Single-page application redirect URI on that app registration).`,
        actions: [
          { kind: 'copy', label: 'Copy redirect URI', text: redirectUri },
          { kind: 'retry', label: 'Sign in again' },
        ],
        details: message,
      });
    }
  });

  it('the home tenant has not consented: the consent link for "organizations"', () => {
    const advice = signInFailureAdvice('invalid_grant: AADSTS65001: The user or administrator has not consented … Trace ID: 1', context);
    expect(advice.kind).toBe('consent');
    expect(advice.actions[0]).toEqual({ kind: 'copy', label: 'Copy consent link', text: adminConsentUrl('organizations', clientId, redirectUri, [read]) });
  });

  it('closed window, declined consent, another sign-in open, offline, anything else', () => {
    expect(signInFailureAdvice('The user did not approve access.', context).sentence).toBe(
      'The sign-in window was closed before the sign-in finished. Nobody is signed in.',
    );
    expect(signInFailureAdvice('access_denied: AADSTS65004: The user declined to consent', context).sentence).toBe(
      'The permissions Handoff asks for were declined, so nobody is signed in. Sign in again and accept them.',
    );
    expect(signInFailureAdvice('interaction_in_progress: See https://aka.ms/msal.js.errors', context).kind).toBe('busy');
    expect(signInFailureAdvice('no_network_connectivity: x', context).kind).toBe('offline');
    expect(signInFailureAdvice('something odd', context)).toEqual({
      kind: 'failed',
      sentence: 'The sign-in did not work. Sign in again; if it keeps failing, the details below say what Microsoft answered.',
      actions: [{ kind: 'retry', label: 'Sign in again' }],
      details: 'something odd',
    });
  });
});
