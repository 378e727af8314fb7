import { formatDuration } from './relative-time';
import { assignedLine, type AssigneeKind } from './assignee-who';
import { handoffSummaryMarkdown } from './handoff-markdown';
import {
  compactDuration,
  ownerLabels,
  partnerActionKindLabels,
  scopeLabel,
  serviceLabels,
  shortStepLabel,
  statusLabels,
  timeInStepMs,
} from './handoff-labels';
import type { IncidentView, PortalComment } from '../messages/portal-answers';
import { incidentUrl, normalizeTenantId } from './portal-url';
import {
  incidentVersionOf,
  quickActionAvailability,
  quickActionIds,
  type IncidentVersion,
  type QuickActionAvailability,
  type QuickActionId,
} from './quick-action-rules';

/**
 * What the incident panel shows, worked out from the background's answer: every label, link and
 * action state, so the components only render. Pure and zod-free (the content script imports it).
 */

/** Portal-only places the reference sends the partner to (no Graph API): reached through the portal's own controls. */
export type PortalOnlyPlace = 'managedResponse' | 'askDefenderExperts';

export interface PortalOnlyLink {
  place: PortalOnlyPlace;
  /** The portal control's visible name (Handoff clicks it for the analyst). */
  controlName: string;
}

export interface IncidentPanelModel {
  tenant: { name: string; color: string; service: string };
  incident: {
    id: string;
    title: string;
    status: string;
    severity: string;
    assignedTo: string;
    tags: readonly string[];
    description: string | null;
    recommendedActions: string | null;
  };
  owner: { kind: 'defenderExperts' | 'partner' | 'none'; label: string; headline: string };
  /** The answer first: the panel's top card, and the pill it shows when collapsed. Each text said once. */
  card: {
    /** "Your move · Act": whose move, and the verb (the step's short name when it is not the partner's). */
    headline: string;
    /** The partner's action (act, review, triage), or null: what `headline`'s verb asks for. */
    verb: 'act' | 'review' | 'triage' | null;
    /** Who in the team has it ("Assigned to Jordan Lee (your team)"), also the host's data-handoff-assignee. */
    assignee: { kind: AssigneeKind; text: string | null };
    /** "3 hours in step"; null when nobody is waiting. */
    waiting: string | null;
    /** What to do, in one sentence; null when the card has nothing more to say (a merged incident). */
    todo: string | null;
    /** One line of facts: "Contoso · Defender Experts for XDR · In Defender Experts' scope". */
    facts: string;
    /** "Your move · Act · 3 h · Contoso". */
    pill: string;
    /** The label of the folded "who does what" (the matrix row): "Why is this ours?". */
    whyLabel: string;
  };
  step: { title: string; area: string; timeInStep: string | null; since: string; sinceText: string };
  scope: string;
  partnerAction: { kind: string; text: string } | null;
  duties: { defenderExperts: readonly string[]; partner: readonly string[]; note: string | null } | null;
  mergedInto: { incidentId: string; url: string | null } | null;
  teamsChannelUrl: string | null;
  deepLink: string | null;
  portalOnlyLinks: readonly PortalOnlyLink[];
  comments: readonly PortalComment[] | null;
  syncProblem: string | null;
  actions: Record<QuickActionId, QuickActionAvailability>;
  /** What a write sends as "shown": the background writes only if Graph still has exactly this. */
  version: IncidentVersion;
  summaryMarkdown: string | null;
}

const teamsOrigin = 'https://teams.microsoft.com/';

const headlines = {
  defenderExperts: 'Defender Experts’ move',
  partner: 'Your move',
  none: 'Nobody’s move',
} as const;

const whyLabels = {
  defenderExperts: 'Why is this theirs?',
  partner: 'Why is this ours?',
  none: 'Who does what',
} as const;

const todoOf = (handoff: IncidentHandoffOf): string | null =>
  handoff.partnerAction?.text ??
  (handoff.owner === 'defenderExperts'
    ? 'Nothing for you right now.'
    : handoff.area === 'closed'
      ? 'Closed: nothing to do.'
      : null);
type IncidentHandoffOf = NonNullable<IncidentView['incident']>['handoff'];

/** A link Handoff opens for the Teams channel: only Teams itself, whatever the stored value says. */
export function safeTeamsChannelUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.href.startsWith(teamsOrigin) ? parsed.href : null;
  } catch {
    return null;
  }
}

function safeIncidentUrl(incidentId: string, tenantId: string | null): string | null {
  try {
    return incidentUrl(incidentId, tenantId);
  } catch {
    return null;
  }
}

const syncProblems: Record<string, string> = {
  needsSignIn: 'Sign in again in Handoff: what you see may be out of date.',
  needsConsent: 'The Handoff app needs consent in this tenant.',
  missingRole: 'Your account has no security role to read incidents in this tenant.',
  throttled: 'Microsoft Graph is throttling: the data may be a few minutes old.',
  error: 'The last sync failed: the data may be out of date.',
};

export function incidentPanelModel(
  view: IncidentView,
  options: {
    /** The page's `tid`; null on the default tenant (links then use the tenant's GUID if known). */
    pageTenantId: string | null;
    now: number;
  },
): IncidentPanelModel | null {
  const { tenant, incident: entry, duties } = view;
  if (!tenant || !entry) return null;
  const { incident, handoff } = entry;
  const linkTenant = options.pageTenantId ?? normalizeTenantId(tenant.tenantId);
  const deepLink = safeIncidentUrl(incident.id, linkTenant);
  const waiting = handoff.owner !== 'none';
  const actions = Object.fromEntries(
    quickActionIds.map((action) => [
      action,
      quickActionAvailability(action, {
        incident,
        handoff,
        username: view.username,
        writeAccess: view.writeAccess,
      }),
    ]),
  ) as Record<QuickActionId, QuickActionAvailability>;

  const portalOnlyLinks: PortalOnlyLink[] = [];
  if (tenant.service === 'xdr') {
    portalOnlyLinks.push({
      place: 'managedResponse',
      controlName: 'Managed response',
    });
  }
  if (tenant.service !== 'none') {
    portalOnlyLinks.push({
      place: 'askDefenderExperts',
      controlName: 'Ask Defender Experts',
    });
  }

  const tenantService = tenant.service;
  const stepTitle = duties?.title ?? handoff.area;
  const elapsed = timeInStepMs(handoff.stepSince, options.now);
  const verb = handoff.partnerAction?.kind ?? null;
  // "Your move" only when it is yours or nobody's in the team yet: a colleague's is the team's.
  const whose = handoff.owner === 'partner' && handoff.assignee?.kind === 'colleague' ? 'Your team’s move' : headlines[handoff.owner];
  const headline = `${whose} · ${verb ? partnerActionKindLabels[verb] : shortStepLabel(stepTitle)}`;
  const scope = scopeLabel(handoff.inDefenderExpertsScope, tenantService);
  const summaryMarkdown = deepLink
    ? handoffSummaryMarkdown({
        tenant: { displayName: tenant.displayName, service: tenantService },
        incident,
        handoff,
        duties,
        link: deepLink,
        now: options.now,
      })
    : null;

  return {
    tenant: { name: tenant.displayName, color: tenant.color, service: serviceLabels[tenantService] },
    incident: {
      id: incident.id,
      title: incident.displayName ?? '(no title)',
      status: statusLabels[incident.status],
      severity: incident.severity,
      assignedTo: incident.assignedTo ?? 'Unassigned',
      tags: incident.customTags,
      description: incident.description,
      recommendedActions: incident.recommendedActions,
    },
    owner: { kind: handoff.owner, label: ownerLabels[handoff.owner], headline: headlines[handoff.owner] },
    card: {
      headline,
      verb,
      assignee: { kind: handoff.assignee?.kind ?? 'unassigned', text: assignedLine(handoff.assignee) },
      waiting: waiting ? `${formatDuration(elapsed)} in step` : null,
      todo: todoOf(handoff),
      // A tenant without the service: the scope line says so already ("Yours: this tenant has no …").
      facts: [tenant.displayName, tenantService === 'none' ? null : serviceLabels[tenantService], scope].filter(Boolean).join(' · '),
      pill: [headline, waiting ? compactDuration(elapsed).replace(/(\d)([a-z])$/, '$1 $2') : null, tenant.displayName]
        .filter(Boolean)
        .join(' · '),
      whyLabel: whyLabels[handoff.owner],
    },
    step: {
      title: stepTitle,
      area: handoff.area,
      timeInStep: waiting ? formatDuration(elapsed) : null,
      since: handoff.stepSince,
      // Minutes, UTC: the same for every analyst, whatever their machine's time zone.
      sinceText: `${handoff.stepSince.slice(0, 10)} ${handoff.stepSince.slice(11, 16)} UTC`,
    },
    scope,
    partnerAction: handoff.partnerAction
      ? { kind: partnerActionKindLabels[handoff.partnerAction.kind], text: handoff.partnerAction.text }
      : null,
    duties:
      duties && (duties.defenderExperts.length > 0 || duties.partner.length > 0)
        ? { defenderExperts: duties.defenderExperts, partner: duties.partner, note: duties.partnerNote }
        : null,
    mergedInto: handoff.redirectIncidentId
      ? { incidentId: handoff.redirectIncidentId, url: safeIncidentUrl(handoff.redirectIncidentId, linkTenant) }
      : null,
    teamsChannelUrl: safeTeamsChannelUrl(tenant.teamsChannelUrl),
    deepLink,
    portalOnlyLinks,
    comments: view.comments,
    syncProblem: view.status ? (syncProblems[view.status.state] ?? null) : null,
    actions,
    version: incidentVersionOf(incident),
    summaryMarkdown,
  };
}
