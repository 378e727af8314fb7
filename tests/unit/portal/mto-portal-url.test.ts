import { describe, expect, it } from 'vitest';
import { isMultitenantPortalUrl, parseMultitenantPortalUrl } from '@/utils/portal/mto-portal-url';

describe('the multitenant portal’s URLs (mto.security.microsoft.com)', () => {
  it('is exactly https://mto.security.microsoft.com', () => {
    expect(isMultitenantPortalUrl('https://mto.security.microsoft.com/incidents')).toBe(true);
    expect(isMultitenantPortalUrl('https://MTO.Security.Microsoft.com/')).toBe(true);
    for (const url of [
      'http://mto.security.microsoft.com/incidents',
      'https://mto.security.microsoft.com:8443/incidents',
      'https://user@mto.security.microsoft.com/incidents',
      'https://mto.security.microsoft.com.evil.example/incidents',
      'https://evil.example/mto.security.microsoft.com/incidents',
      'https://security.microsoft.com/incidents',
      'https://x.mto.security.microsoft.com/incidents',
      'not a url',
      '',
    ]) {
      expect(isMultitenantPortalUrl(url)).toBe(false);
    }
  });

  it('knows the incident list (and what is under it), nothing else', () => {
    expect(parseMultitenantPortalUrl('https://mto.security.microsoft.com/incidents')).toEqual({ kind: 'incidents' });
    expect(parseMultitenantPortalUrl('https://mto.security.microsoft.com/Incidents/?tid=x')).toEqual({ kind: 'incidents' });
    expect(parseMultitenantPortalUrl('https://mto.security.microsoft.com/incidents/1002')).toEqual({ kind: 'incidents' });
    expect(parseMultitenantPortalUrl('https://mto.security.microsoft.com/alerts')).toEqual({ kind: 'other' });
    expect(parseMultitenantPortalUrl('https://mto.security.microsoft.com/incidentsx')).toEqual({ kind: 'other' });
    expect(parseMultitenantPortalUrl('https://security.microsoft.com/incidents')).toEqual({ kind: 'other' });
    expect(parseMultitenantPortalUrl('http://mto.security.microsoft.com/incidents')).toEqual({ kind: 'other' });
  });
});
