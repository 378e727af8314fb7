import { describe, expect, it } from 'vitest';
import { portalTenantOf, recentComments } from '@/utils/background/portal/portal-views';
import type { GraphIncident } from '@/utils/domain/incident-schema';
import { settingsSchema } from '@/utils/domain/settings';

/** What a portal tab is shown: only the contract's fields, comments cut like cached text. */

describe('portal views', () => {
  it('tells a tab its tenant’s names and colour, not its settings', () => {
    const [tenant] = settingsSchema.parse({
      tenants: [{ tenantId: 'contoso.example', resolvedTenantId: null, displayName: 'Contoso', service: 'xdr', securityRoles: ['Security Reader'] }],
    }).tenants;
    expect(portalTenantOf(tenant!)).toEqual({
      tenantId: 'contoso.example',
      displayName: 'Contoso',
      service: 'xdr',
      teamsChannelUrl: null,
      color: '#0f6cbd',
    });
  });

  it('shows the latest five comments, each cut to 1,000 characters', () => {
    const comments = Array.from({ length: 7 }, (_, index) => ({
      comment: index === 6 ? 'x'.repeat(1500) : `comment ${index}`,
      createdByDisplayName: 'Jordan Lee',
      createdDateTime: `2026-01-0${index + 1}T00:00:00Z`,
    }));
    const shown = recentComments({ comments: [...comments, { ...comments[0]!, comment: null }] } as unknown as GraphIncident);
    expect(shown.map((comment) => comment.comment?.length ?? null)).toEqual([9, 9, 9, 1000, null]);
    expect(shown[0]?.comment).toBe('comment 3');
  });
});
