import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  advancedHuntingUrl,
  alertUrl,
  incidentIdFromHref,
  incidentUrl,
  isSafePortalId,
  normalizeTenantId,
  parsePortalUrl,
  portalIdPattern,
  queueUrl,
  type HuntingTimeRange,
  type PortalRoute,
} from '@/utils/portal/portal-url';

// The shape of a route as a schema (the module itself is zod-free for the content script's size).
const portalIdSchema = z.string().regex(portalIdPattern);
const portalTenantIdSchema = z
  .string()
  .refine((value) => normalizeTenantId(value) === value, { message: 'must be a lower-case GUID' });
const portalRouteSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('queue'), tenantId: portalTenantIdSchema.nullable() }),
  z.object({ kind: z.literal('incident'), incidentId: portalIdSchema, tenantId: portalTenantIdSchema.nullable() }),
  z.object({ kind: z.literal('alert'), alertId: portalIdSchema, tenantId: portalTenantIdSchema.nullable() }),
  z.object({ kind: z.literal('other'), tenantId: portalTenantIdSchema.nullable() }),
]) satisfies z.ZodType<PortalRoute>;

const tid = '12f988bf-16f1-11af-11ab-1d7cd011db47';
const other = { kind: 'other', tenantId: null } as const;

describe('parsePortalUrl', () => {
  describe('the incident queue', () => {
    it.each([
      `https://security.microsoft.com/incidents?tid=${tid}`,
      `https://security.microsoft.com/incidents/?tid=${tid}`,
      `https://security.microsoft.com/Incidents?tid=${tid}`,
      `https://security.microsoft.com/incidents?tid=${tid}&filters=status%3DActive`,
      `https://security.microsoft.com/incidents?tid=${tid}#top`,
    ])('%s', (url) => {
      expect(parsePortalUrl(url)).toEqual({ kind: 'queue', tenantId: tid });
    });

    it('without a tenant', () => {
      expect(parsePortalUrl('https://security.microsoft.com/incidents')).toEqual({ kind: 'queue', tenantId: null });
    });
  });

  describe('an incident', () => {
    it.each([
      [`https://security.microsoft.com/incident2/2972395/overview?tid=${tid}`, '2972395'],
      [`https://security.microsoft.com/incident2/2972395?tid=${tid}`, '2972395'],
      [`https://security.microsoft.com/incident2/2972395/?tid=${tid}`, '2972395'],
      [`https://security.microsoft.com/incident2/2972395/alerts/da637/details?tid=${tid}`, '2972395'],
      [`https://security.microsoft.com/INCIDENT2/2972395/overview?tid=${tid}`, '2972395'],
      [`https://security.microsoft.com/incidents/2972395?tid=${tid}`, '2972395'],
      [`https://security.microsoft.com/incidents/2972395/?tid=${tid}`, '2972395'],
      [`https://security.microsoft.com/incident2/%32%39%37/overview?tid=${tid}`, '297'],
      [`https://security.microsoft.com/incident2/abc_DEF-1/overview?tid=${tid}`, 'abc_DEF-1'],
    ])('%s → %s', (url, incidentId) => {
      expect(parsePortalUrl(url)).toEqual({ kind: 'incident', incidentId, tenantId: tid });
    });

    it('accepts a URL object', () => {
      expect(parsePortalUrl(new URL('https://security.microsoft.com/incident2/5/overview'))).toEqual({
        kind: 'incident',
        incidentId: '5',
        tenantId: null,
      });
    });
  });

  describe('an alert', () => {
    it.each([
      [`https://security.microsoft.com/alerts/da637551227677560813_-961444813?tid=${tid}`, 'da637551227677560813_-961444813'],
      [`https://security.microsoft.com/alerts/ed638/details?tid=${tid}`, 'ed638'],
    ])('%s → %s', (url, alertId) => {
      expect(parsePortalUrl(url)).toEqual({ kind: 'alert', alertId, tenantId: tid });
    });
  });

  describe('other portal pages keep their tenant', () => {
    it.each([
      `https://security.microsoft.com/?tid=${tid}`,
      `https://security.microsoft.com/homepage?tid=${tid}`,
      `https://security.microsoft.com/v2/advanced-hunting?tid=${tid}`,
      `https://security.microsoft.com/incident2/?tid=${tid}`,
      `https://security.microsoft.com/alerts?tid=${tid}`,
      `https://security.microsoft.com/incidentsx/1?tid=${tid}`,
      `https://security.microsoft.com/machines/incident2/1?tid=${tid}`,
    ])('%s', (url) => {
      expect(parsePortalUrl(url)).toEqual({ kind: 'other', tenantId: tid });
    });
  });

  describe('the tenant id', () => {
    it('is lower-cased', () => {
      expect(parsePortalUrl(`https://security.microsoft.com/incidents?tid=${tid.toUpperCase()}`).tenantId).toBe(tid);
    });

    it.each([
      'tid=contoso.onmicrosoft.com',
      'tid=12f988bf16f111af11ab1d7cd011db47',
      `tid={${tid}}`,
      `tid=${tid}x`,
      `tid=%20${tid}`,
      'tid=',
      `tid=${tid}&tid=0b8a9c34-5d6e-4f70-8a91-b2c3d4e5f607`,
      `TID=${tid}`,
    ])('is null for %s', (query) => {
      expect(parsePortalUrl(`https://security.microsoft.com/incidents?${query}`).tenantId).toBeNull();
    });

    it.each([
      'tid=contoso.onmicrosoft.com',
      `tid={${tid}}`,
      'tid=',
      `tid=${tid}&tid=0b8a9c34-5d6e-4f70-8a91-b2c3d4e5f607`,
      `TID=${tid}`,
      `Tid=${tid}&tid=${tid}`,
    ])('is unusable, with a reason, for %s (never "the own tenant")', (query) => {
      const route = parsePortalUrl(`https://security.microsoft.com/incident2/7/overview?${query}`);
      expect(route.tenantId).toBeNull();
      expect(route.tenantProblem).toMatch(/Nothing is read or changed here\.$/);
    });

    it('without any tid is the own tenant, with no problem', () => {
      const route = parsePortalUrl('https://security.microsoft.com/incident2/7/overview?view=summary');
      expect(route).toEqual({ kind: 'incident', incidentId: '7', tenantId: null });
      expect('tenantProblem' in route).toBe(false);
    });

    it('says so when two tenants are named', () => {
      const route = parsePortalUrl(`https://security.microsoft.com/incidents?tid=${tid}&tid=0b8a9c34-5d6e-4f70-8a91-b2c3d4e5f607`);
      expect(route.tenantProblem).toMatch(/two different tenants/);
    });

    it.each([`tid=${tid}&tid=not-a-guid`, 'tid=contoso.onmicrosoft.com', `TID=${tid}`])(
      'says the tenant is not usable (not "two tenants") for %s',
      (query) => {
        const route = parsePortalUrl(`https://security.microsoft.com/incidents?${query}`);
        expect(route.tenantProblem).toMatch(/is not a tenant id Handoff can use/);
        expect(route.tenantProblem).not.toMatch(/two different tenants/);
      },
    );

    it('accepts the same tenant given twice', () => {
      expect(parsePortalUrl(`https://security.microsoft.com/incidents?tid=${tid}&tid=${tid.toUpperCase()}`).tenantId).toBe(tid);
    });
  });

  describe('never trusts another origin', () => {
    it.each([
      `http://security.microsoft.com/incident2/1/overview?tid=${tid}`,
      `https://security.microsoft.com.evil.example/incident2/1/overview?tid=${tid}`,
      `https://evil.example/incident2/1/overview?tid=${tid}`,
      `https://mto.security.microsoft.com/incident2/1/overview?tid=${tid}`,
      `https://security.microsoft.com:8443/incident2/1/overview?tid=${tid}`,
      `https://security.microsoft.com./incident2/1/overview?tid=${tid}`,
      `https://user:pass@security.microsoft.com/incident2/1/overview?tid=${tid}`,
      `https://user@security.microsoft.com/incident2/1/overview?tid=${tid}`,
      `https://:pass@security.microsoft.com/incident2/1/overview?tid=${tid}`,
      `https://evil.example/?u=https://security.microsoft.com/incident2/1/overview`,
      `javascript:alert(1)//https://security.microsoft.com/incident2/1`,
      `data:text/html,<a href="https://security.microsoft.com/incident2/1">`,
      `file:///incident2/1`,
    ])('%s', (url) => {
      expect(parsePortalUrl(url)).toEqual(other);
    });

    it('does accept an upper-case host, which URLs normalise', () => {
      expect(parsePortalUrl('https://SECURITY.Microsoft.COM/incident2/1/overview').kind).toBe('incident');
    });
  });

  describe('never throws on hostile or malformed input', () => {
    it.each([
      '',
      ' ',
      'incident2/1/overview',
      '/incident2/1/overview',
      '//security.microsoft.com/incident2/1',
      'https://',
      'https://[::1',
      'not a url at all',
      '%',
      `https://security.microsoft.com/${'a/'.repeat(5000)}`,
      `https://security.microsoft.com/incident2/${'9'.repeat(10_000)}/overview`,
      `https://security.microsoft.com/incidents?tid=${'x'.repeat(10_000)}`,
      'x'.repeat(10_000),
      'https://security.microsoft.com/incident2/%E0%A4%A/overview',
      'https://security.microsoft.com/incident2/\u0000/overview',
    ])('%#', (url) => {
      expect(() => parsePortalUrl(url)).not.toThrow();
      expect(parsePortalUrl(url).kind).not.toBe('incident');
    });

    it('returns a route that satisfies the schema', () => {
      for (const url of ['', 'javascript:alert(1)', `https://security.microsoft.com/incident2/7?tid=${tid}`]) {
        expect(portalRouteSchema.safeParse(parsePortalUrl(url)).success).toBe(true);
      }
    });

    it('copes with an object whose toString throws', () => {
      const hostile = { toString: () => { throw new Error('no'); } } as unknown as string;
      expect(parsePortalUrl(hostile)).toEqual(other);
    });
  });

  describe('refuses ids outside the safe characters', () => {
    it.each([
      'https://security.microsoft.com/incident2/1%2F2/overview',
      'https://security.microsoft.com/incident2/%3Cscript%3E/overview',
      'https://security.microsoft.com/incident2/1%3Fx/overview',
      'https://security.microsoft.com/incident2/1.5/overview',
      'https://security.microsoft.com/incident2/%2531/overview',
      'https://security.microsoft.com/incident2/%E2%80%8B1/overview',
      `https://security.microsoft.com/incident2/${'1'.repeat(129)}/overview`,
      'https://security.microsoft.com/alerts/da%20637',
    ])('%s', (url) => {
      expect(parsePortalUrl(url).kind).toBe('other');
    });

    it('accepts the longest safe id', () => {
      expect(parsePortalUrl(`https://security.microsoft.com/incident2/${'1'.repeat(128)}`).kind).toBe('incident');
    });
  });

  describe('dot segments resolve before matching', () => {
    it.each([
      ['https://security.microsoft.com/foo/../incident2/8/overview', { kind: 'incident', incidentId: '8', tenantId: null }],
      ['https://security.microsoft.com/incident2/../alerts/ed1', { kind: 'alert', alertId: 'ed1', tenantId: null }],
      ['https://security.microsoft.com/incident2/%2e%2e/overview', { kind: 'other', tenantId: null }],
      ['https://security.microsoft.com/incident2/..', { kind: 'other', tenantId: null }],
    ])('%s', (url, route) => {
      expect(parsePortalUrl(url)).toEqual(route);
    });
  });
});

describe('incidentIdFromHref', () => {
  it.each([
    ['/incident2/42/overview?tid=' + tid, '42'],
    ['incident2/42/overview', '42'],
    ['/incidents/42', '42'],
    ['https://security.microsoft.com/incident2/42/overview', '42'],
    ['?tid=' + tid, null],
    ['/alerts/ed42', null],
    ['/incidents', null],
    ['https://evil.example/incident2/42/overview', null],
    ['//evil.example/incident2/42', null],
    ['javascript:alert(1)', null],
    ['', null],
    ['#', null],
    ['https://[', null],
  ])('%j → %j', (href, expected) => {
    expect(incidentIdFromHref(href)).toBe(expected);
  });

  it('resolves relative hrefs against the page it is given', () => {
    expect(incidentIdFromHref('../incident2/9/overview', 'https://security.microsoft.com/incidents/queue')).toBe('9');
    expect(incidentIdFromHref('overview', 'https://security.microsoft.com/incident2/9/')).toBe('9');
    expect(incidentIdFromHref('/incident2/9', 'https://evil.example/')).toBeNull();
  });

  it('returns null for an unusable base', () => {
    expect(incidentIdFromHref('/incident2/9', 'not a base')).toBeNull();
  });
});

describe('link builders', () => {
  it('build the documented deep links', () => {
    expect(incidentUrl('2972395', tid)).toBe(`https://security.microsoft.com/incident2/2972395/overview?tid=${tid}`);
    expect(queueUrl(tid)).toBe(`https://security.microsoft.com/incidents?tid=${tid}`);
    expect(alertUrl('da637_-1', tid)).toBe(`https://security.microsoft.com/alerts/da637_-1?tid=${tid}`);
  });

  it('leave the tenant out when there is none', () => {
    expect(incidentUrl('1')).toBe('https://security.microsoft.com/incident2/1/overview');
    expect(incidentUrl('1', null)).toBe('https://security.microsoft.com/incident2/1/overview');
    expect(queueUrl()).toBe('https://security.microsoft.com/incidents');
    expect(alertUrl('ed1', undefined)).toBe('https://security.microsoft.com/alerts/ed1');
  });

  it('lower-case the tenant', () => {
    expect(queueUrl(tid.toUpperCase())).toBe(`https://security.microsoft.com/incidents?tid=${tid}`);
  });

  it.each(['', '../1', '1/2', '1?x=2', '1#x', '<script>', 'a b', '١٢٣', '1'.repeat(129)])(
    'refuse the unsafe id %j with a TypeError',
    (id) => {
      expect(() => incidentUrl(id, tid)).toThrow(TypeError);
      expect(() => alertUrl(id, tid)).toThrow(TypeError);
    },
  );

  it('say which input was unsafe', () => {
    expect(() => incidentUrl('../1', tid)).toThrow(/^Unsafe incident id for a portal link$/);
    expect(() => alertUrl('../1', tid)).toThrow(/^Unsafe alert id for a portal link$/);
    expect(() => queueUrl('contoso')).toThrow(/^Tenant id for a portal link must be a GUID$/);
  });

  it('refuse a non-string id from untyped callers', () => {
    expect(() => incidentUrl(undefined as unknown as string)).toThrow(TypeError);
    expect(() => incidentUrl(123 as unknown as string)).toThrow(TypeError);
  });

  it.each(['contoso.onmicrosoft.com', '', `${tid}&tid=evil`, `{${tid}}`])(
    'refuse the tenant %j rather than silently open the home tenant',
    (tenantId) => {
      expect(() => incidentUrl('1', tenantId)).toThrow(TypeError);
      expect(() => queueUrl(tenantId)).toThrow(TypeError);
    },
  );

  it('round-trip through parsePortalUrl', () => {
    expect(parsePortalUrl(incidentUrl('77', tid))).toEqual({ kind: 'incident', incidentId: '77', tenantId: tid });
    expect(parsePortalUrl(queueUrl(tid))).toEqual({ kind: 'queue', tenantId: tid });
    expect(parsePortalUrl(alertUrl('ed9', tid))).toEqual({ kind: 'alert', alertId: 'ed9', tenantId: tid });
  });
});

/** The portal's side of the link: base64url → gunzip → UTF-16LE. */
async function decodeHuntingQuery(query: string): Promise<string> {
  const base64 = query.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '='));
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new TextDecoder('utf-16le').decode(await new Response(stream).arrayBuffer());
}

describe('advancedHuntingUrl', () => {
  const kql = 'DeviceProcessEvents\n| where FileName =~ "powershell.exe"\n| take 10';

  it('builds /v2/advanced-hunting with the query, time range and tenant', async () => {
    const url = new URL(await advancedHuntingUrl(kql, tid, 'week'));
    expect(url.origin + url.pathname).toBe('https://security.microsoft.com/v2/advanced-hunting');
    expect([...url.searchParams.keys()]).toEqual(['query', 'timeRangeId', 'tid']);
    expect(url.searchParams.get('timeRangeId')).toBe('week');
    expect(url.searchParams.get('tid')).toBe(tid);
  });

  it('encodes the query as unpadded base64url of gzip, decodable back to the KQL', async () => {
    const query = new URL(await advancedHuntingUrl(kql)).searchParams.get('query') ?? '';
    expect(query).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(query.startsWith('H4sI')).toBe(true); // the gzip magic bytes 1f 8b 08
    expect(await decodeHuntingQuery(query)).toBe(kql);
  });

  it('round-trips text beyond ASCII, including surrogate pairs', async () => {
    const text = 'DeviceEvents | where AccountName == "Zoë 😀 日本" // ü';
    const query = new URL(await advancedHuntingUrl(text)).searchParams.get('query') ?? '';
    expect(await decodeHuntingQuery(query)).toBe(text);
  });

  it('round-trips a long query (more than one chunk of base64 input)', async () => {
    const text = Array.from({ length: 4000 }, (_, index) => `| extend c${index} = ${index * 7919}`).join('\n');
    const query = new URL(await advancedHuntingUrl(text)).searchParams.get('query') ?? '';
    expect(await decodeHuntingQuery(query)).toBe(text);
  });

  it('never pads the query, whatever the length of the gzip output', async () => {
    // gzip output lengths of 1, 2 and 0 mod 3 give base64 with "==", "=" and no padding; unpadded, the
    // query's length is then 2, 3 and 0 mod 4.
    const lengthsMod4 = new Set<number>();
    for (let size = 1; size <= 12; size += 1) {
      const text = 'DeviceEvents'.slice(0, size);
      const query = new URL(await advancedHuntingUrl(text)).searchParams.get('query') ?? '';
      expect(query).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(await decodeHuntingQuery(query)).toBe(text);
      lengthsMod4.add(query.length % 4);
    }
    expect([...lengthsMod4].sort()).toEqual([0, 2, 3]);
  });

  it('leaves out the time range and tenant when not given', async () => {
    const url = new URL(await advancedHuntingUrl('T'));
    expect([...url.searchParams.keys()]).toEqual(['query']);
  });

  it('rejects an unknown time range or a tenant that is not a GUID', async () => {
    await expect(advancedHuntingUrl('T', tid, 'year' as HuntingTimeRange)).rejects.toThrow(TypeError);
    await expect(advancedHuntingUrl('T', tid, 'year' as HuntingTimeRange)).rejects.toThrow(/time range/);
    await expect(advancedHuntingUrl('T', 'contoso')).rejects.toThrow(TypeError);
  });
});

describe('helpers', () => {
  it('isSafePortalId', () => {
    expect(isSafePortalId('da637551227677560813_-961444813')).toBe(true);
    expect(isSafePortalId('1 2')).toBe(false);
    expect(isSafePortalId(undefined)).toBe(false);
  });

  it('normalizeTenantId', () => {
    expect(normalizeTenantId(tid.toUpperCase())).toBe(tid);
    expect(normalizeTenantId('contoso')).toBeNull();
    expect(normalizeTenantId(null)).toBeNull();
  });
});

describe('portalRouteSchema', () => {
  it('accepts only lower-case GUID tenants and safe ids', () => {
    expect(portalRouteSchema.safeParse({ kind: 'queue', tenantId: tid }).success).toBe(true);
    expect(portalRouteSchema.safeParse({ kind: 'queue', tenantId: null }).success).toBe(true);
    expect(portalRouteSchema.safeParse({ kind: 'queue', tenantId: tid.toUpperCase() }).success).toBe(false);
    expect(portalRouteSchema.safeParse({ kind: 'incident', incidentId: '1/2', tenantId: null }).success).toBe(false);
    expect(portalRouteSchema.safeParse({ kind: 'page', tenantId: null }).success).toBe(false);
  });
});
