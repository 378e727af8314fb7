import type { HandoffOwner, PartnerActionKind } from '../domain/classify-handoff';
import type { IncidentStatus } from '../domain/incident-schema';
import { formatDuration } from './relative-time';
import type { TenantService } from '../domain/responsibility-matrix';
import { scopeLabel, serviceLabels, statusLabels, timeInStepMs, type StepDuties } from './handoff-labels';

/**
 * The handoff summary an analyst pastes into the MSSP's ticket: Markdown, one fact per line. Incident
 * text comes from Graph and may hold Markdown or HTML, so every piece of it is escaped to read as the
 * literal characters in any CommonMark renderer (no links, images, tags or entities from incident data).
 */

export interface HandoffSummaryInput {
  tenant: { displayName: string; service: TenantService };
  incident: {
    id: string;
    displayName: string | null;
    status: IncidentStatus;
    severity: string;
    assignedTo: string | null;
    customTags: readonly string[];
  };
  handoff: {
    owner: HandoffOwner;
    inDefenderExpertsScope: boolean;
    stepSince: string;
    partnerAction: { kind: PartnerActionKind; text: string } | null;
    redirectIncidentId: string | null;
  };
  duties: StepDuties | null;
  /** The incident's deep link (with tid), built by portal-url.ts. */
  link: string;
  now: number;
}

/**
 * What makes inline Markdown (emphasis, code, links and images, HTML tags and entities, strikethrough,
 * table cells). Block syntax (#, -, +, 1.) only counts at the start of a line, and incident text never
 * starts one here.
 */
const inlineMarkdown = /[\\`*_[\]<>&~|]/g;

/** Incident text as a single Markdown line that renders as exactly these characters. */
export function escapeMarkdownText(text: string): string {
  return text
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(inlineMarkdown, (character) => `\\${character}`);
}

/** In a ticket "You" would be ambiguous: the partner is named as such. */
const summaryOwnerLabels: Record<Exclude<HandoffOwner, 'none'>, string> = {
  defenderExperts: 'Defender Experts',
  partner: 'the partner (us)',
};

export function handoffSummaryMarkdown(input: HandoffSummaryInput): string {
  const { tenant, incident, handoff, duties } = input;
  const text = (value: string) => escapeMarkdownText(value);
  const title = incident.displayName ? text(incident.displayName) : '(no title)';
  const lines = [
    `### Incident ${text(incident.id)}: ${title}`,
    '',
    `- **Tenant:** ${text(tenant.displayName)} (${serviceLabels[tenant.service]})`,
    `- **Link:** <${input.link}>`,
    `- **Status:** ${statusLabels[incident.status]}, severity ${text(incident.severity)}`,
    `- **Assigned to:** ${incident.assignedTo ? text(incident.assignedTo) : 'nobody'}`,
    `- **Scope:** ${scopeLabel(handoff.inDefenderExpertsScope, tenant.service)}`,
  ];
  if (duties) lines.push(`- **Step:** ${text(duties.title)}`);
  if (handoff.owner === 'none') {
    lines.push('- **Owner:** nobody (no step is waiting)');
  } else {
    const waited = formatDuration(timeInStepMs(handoff.stepSince, input.now));
    lines.push(`- **Owner:** ${summaryOwnerLabels[handoff.owner]}, for ${waited} (since ${text(handoff.stepSince)})`);
  }
  if (handoff.redirectIncidentId) lines.push(`- **Merged into:** incident ${text(handoff.redirectIncidentId)}`);
  lines.push(`- **Partner action:** ${handoff.partnerAction ? text(handoff.partnerAction.text) : 'none'}`);
  if (duties && duties.defenderExperts.length > 0) {
    lines.push(`- **Defender Experts do:** ${text(duties.defenderExperts.join(' '))}`);
  }
  if (duties && (duties.partner.length > 0 || duties.defenderExperts.length > 0)) {
    lines.push(`- **The partner does:** ${duties.partner.length > 0 ? text(duties.partner.join(' ')) : '(no action)'}`);
  }
  if (incident.customTags.length > 0) lines.push(`- **Tags:** ${incident.customTags.map(text).join(', ')}`);
  lines.push('', `_Handoff for Microsoft Defender, ${new Date(input.now).toISOString()}_`);
  return lines.join('\n');
}
