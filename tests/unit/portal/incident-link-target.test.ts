import { describe, expect, it } from 'vitest';
import { incidentLinkTarget, parsePortalUrl } from '@/utils/portal/portal-url';

const tid = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const other = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

/** What the full parser says a URL is, in incidentLinkTarget's terms (no target for an unusable tenant). */
function expected(href: string) {
  const route = parsePortalUrl(href);
  return route.kind === 'incident' && route.tenantProblem === undefined
    ? { incidentId: route.incidentId, tenantId: route.tenantId }
    : null;
}

const corpus = [
  `https://security.microsoft.com/incident2/1002/overview?tid=${tid}`,
  `https://security.microsoft.com/incident2/1002?tid=${tid}`,
  `https://security.microsoft.com/incident2/1002/`,
  `https://security.microsoft.com/Incident2/1002/overview?tid=${tid.toUpperCase()}`,
  `https://security.microsoft.com/incidents/3004?tid=${tid}`,
  `https://security.microsoft.com/incidents/3004`,
  `https://security.microsoft.com/incident2/1002/alerts/da637/details?tid=${tid}#top`,
  `https://security.microsoft.com/incident2/1002/overview?x=1&tid=${tid}&y=2`,
  `https://security.microsoft.com/incident2/1002/overview?tid=${tid}&tid=${tid}`,
  `https://security.microsoft.com/incident2/1002/overview?tid=${tid}&tid=${other}`,
  `https://security.microsoft.com/incident2/1002/overview?tid=not-a-guid`,
  `https://security.microsoft.com/incident2/1002/overview?tid=`,
  `https://security.microsoft.com/incident2/1002/overview?xtid=${tid}`,
  `https://security.microsoft.com/incident2/1002/overview?view`,
  `https://security.microsoft.com/incident2/1002/overview?tid`,
  `https://security.microsoft.com/incident2/1002/overview?view&tid=${tid}`,
  `https://security.microsoft.com/incident2/1002/overview?`,
  `https://security.microsoft.com/incident2/10%30/overview?tid=${tid}`,
  `https://security.microsoft.com/incident2/1002/overview?tid=${tid.replace('-', '%2D')}`,
  `https://security.microsoft.com/incident2/1002/../../alerts/x?tid=${tid}`,
  `https://security.microsoft.com/incident2/a.b/overview`,
  `https://security.microsoft.com/incidents?tid=${tid}`,
  `https://security.microsoft.com/incidents/?tid=${tid}`,
  `https://security.microsoft.com/alerts/da637?tid=${tid}`,
  `https://security.microsoft.com:8443/incident2/1002/overview`,
  `https://user@security.microsoft.com/incident2/1002/overview`,
  `https://security.microsoft.com.evil.example/incident2/1002/overview`,
  `http://security.microsoft.com/incident2/1002/overview`,
  `https://security.microsoft.com/incident2/${'x'.repeat(129)}`,
  'not a url',
  '',
];

describe('incidentLinkTarget (the annotator’s fast path)', () => {
  it.each(corpus)('agrees with parsePortalUrl: %s', (href) => {
    expect(incidentLinkTarget(href)).toEqual(expected(href));
  });

  it('reads a parameter without "=" as a name with an empty value', () => {
    expect(incidentLinkTarget('https://security.microsoft.com/incident2/1002/overview?view')).toEqual({ incidentId: '1002', tenantId: null });
    expect(incidentLinkTarget(`https://security.microsoft.com/incident2/1002/overview?view&tid=${tid}`)).toEqual({ incidentId: '1002', tenantId: tid });
  });

  it('finds the incident and its tenant of a usual link', () => {
    expect(incidentLinkTarget(`https://security.microsoft.com/incident2/1002/overview?tid=${tid}`)).toEqual({ incidentId: '1002', tenantId: tid });
  });
});

describe('a link whose tenant is unusable', () => {
  it.each([
    `https://security.microsoft.com/incident2/1002/overview?tid=${tid}&tid=${other}`,
    `https://security.microsoft.com/incident2/1002/overview?tid=not-a-guid`,
    `https://security.microsoft.com/incident2/1002/overview?TID=${tid}`,
    `https://security.microsoft.com/incident2/1002/overview?tid=%7B${tid}%7D`,
    `https://security.microsoft.com/incident2/1002/overview?tid=`,
    `https://security.microsoft.com/incident2/1002/overview?tid`,
    `https://security.microsoft.com/incident2/1002/overview?view&tid`,
  ])('gets no target (no chip from another tenant): %s', (href) => {
    expect(incidentLinkTarget(href)).toBeNull();
  });
});
