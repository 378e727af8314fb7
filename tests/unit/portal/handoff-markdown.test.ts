import { describe, expect, it } from 'vitest';
import { escapeMarkdownText, handoffSummaryMarkdown, type HandoffSummaryInput } from '@/utils/portal/handoff-markdown';

const now = Date.parse('2026-11-27T12:00:00Z');

const input: HandoffSummaryInput = {
  tenant: { displayName: 'Contoso', service: 'xdr' },
  incident: {
    id: '1002',
    displayName: 'Multi-stage incident involving Execution & Credential access',
    status: 'awaitingAction',
    severity: 'high',
    assignedTo: 'Customer',
    customTags: ['Tier 1', 'VIP'],
  },
  handoff: {
    owner: 'partner',
    inDefenderExpertsScope: true,
    stepSince: '2026-11-27T09:00:00.000Z',
    partnerAction: { kind: 'act', text: 'Act on the remediation actions, then resolve the incident' },
    redirectIncidentId: null,
  },
  duties: {
    title: 'Incident remediation',
    defenderExperts: ['If given the Security operator role: Respond with remediation actions.'],
    partner: ['Act on and resolve incidents awaiting remediation actions.'],
  },
  link: 'https://security.microsoft.com/incident2/1002/overview?tid=3f2504e0-4f89-41d3-9a0c-0305e82c3301',
  now,
};

describe('handoff summary (Markdown for the MSSP ticket)', () => {
  it('states tenant, link, status, scope, step, owner and time, the partner’s action and the matrix duties', () => {
    expect(handoffSummaryMarkdown(input).split('\n')).toEqual([
      '### Incident 1002: Multi-stage incident involving Execution \\& Credential access',
      '',
      '- **Tenant:** Contoso (Defender Experts for XDR)',
      '- **Link:** <https://security.microsoft.com/incident2/1002/overview?tid=3f2504e0-4f89-41d3-9a0c-0305e82c3301>',
      '- **Status:** Awaiting Customer Action, severity high',
      '- **Assigned to:** Customer',
      "- **Scope:** In Defender Experts' scope",
      '- **Step:** Incident remediation',
      '- **Owner:** the partner (us), for 3 hours (since 2026-11-27T09:00:00.000Z)',
      '- **Partner action:** Act on the remediation actions, then resolve the incident',
      '- **Defender Experts do:** If given the Security operator role: Respond with remediation actions.',
      '- **The partner does:** Act on and resolve incidents awaiting remediation actions.',
      '- **Tags:** Tier 1, VIP',
      '',
      '_Handoff for Microsoft Defender, 2026-11-27T12:00:00.000Z_',
    ]);
  });

  it('says nobody owns a merged incident, and where it went', () => {
    const text = handoffSummaryMarkdown({
      ...input,
      incident: { ...input.incident, status: 'redirected', customTags: [] },
      handoff: { ...input.handoff, owner: 'none', partnerAction: null, redirectIncidentId: '1001' },
      duties: { title: 'Merged', defenderExperts: [], partner: [] },
    });
    expect(text).toContain('- **Owner:** nobody (no step is waiting)');
    expect(text).toContain('- **Merged into:** incident 1001');
    expect(text).toContain('- **Partner action:** none');
    expect(text).not.toContain('Defender Experts do');
    expect(text).not.toContain('Tags');
  });

  it('escapes incident text so no Markdown or HTML of it renders, and keeps it on one line', () => {
    expect(escapeMarkdownText('<img src=x onerror=alert(1)> **bold** [link](javascript:x) `code` ~~s~~ a|b &amp;')).toBe(
      '\\<img src=x onerror=alert(1)\\> \\*\\*bold\\*\\* \\[link\\](javascript:x) \\`code\\` \\~\\~s\\~\\~ a\\|b \\&amp;',
    );
    expect(escapeMarkdownText('line one\n# not a heading\r\n- not a list\\')).toBe('line one # not a heading - not a list\\\\');
    const hostile = handoffSummaryMarkdown({ ...input, incident: { ...input.incident, displayName: '<script>x</script>\n### Owned' } });
    expect(hostile.split('\n')[0]).toBe('### Incident 1002: \\<script\\>x\\</script\\> ### Owned');
  });
});
