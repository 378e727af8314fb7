import { z } from 'zod';
import {
  defaultAssigneeAliases,
  matchAssignee,
  normalizeAssigneeName,
  type AssigneeAliases,
  type AssigneeMatch,
} from './assignee-aliases';
import type { GraphIncident, IncidentStatus } from './incident-schema';
import { hasReviewedTag } from './review-mark';
import { areaTitle, responsibilityAreaSchema, type TenantService } from './responsibility-matrix';

/**
 * Whose move is it? For one incident of a tenant: the responsibility area the incident is in, who owns
 * the current step, the partner's pending action and since when the step has been with its owner.
 * The rules are the table in DESIGN.md, evaluated top to bottom; the first rule that matches wins.
 */

/**
 * Bump whenever the rules below (or what they read) change the handoff of an unchanged incident: stored
 * handoffs are reused while the incident and this number stay the same (sync/poll-tenant-from-record.ts).
 */
export const handoffClassifierVersion = 1;

export const handoffOwnerSchema = z.enum(['defenderExperts', 'partner', 'none']);
export type HandoffOwner = z.infer<typeof handoffOwnerSchema>;

/**
 * act: the partner must do something (counts toward the badge); review: check what Defender Experts did;
 * triage: an incident outside Defender Experts' scope, the partner's like any other.
 */
export const partnerActionKindSchema = z.enum(['act', 'review', 'triage']);
export type PartnerActionKind = z.infer<typeof partnerActionKindSchema>;

export const partnerActionSchema = z.object({ kind: partnerActionKindSchema, text: z.string().min(1) });
export type PartnerAction = z.infer<typeof partnerActionSchema>;

export const handoffRuleIdSchema = z.enum([
  'redirected',
  'awaitingAction',
  'huntingGenerated',
  'defenderExpertsTriage',
  'defenderExpertsInvestigation',
  'resolvedByDefenderExperts',
  'partnerOpen',
  'closed',
]);
export type HandoffRuleId = z.infer<typeof handoffRuleIdSchema>;

/** A matrix area, or 'merged' (redirected into another incident) or 'closed' (nobody's move). */
export const handoffAreaSchema = z.enum([...responsibilityAreaSchema.options, 'merged', 'closed']);
export type HandoffArea = z.infer<typeof handoffAreaSchema>;

export const handoffSchema = z.object({
  incidentId: z.string().min(1),
  tenantId: z.string().nullable(),
  rule: handoffRuleIdSchema,
  area: handoffAreaSchema,
  owner: handoffOwnerSchema,
  inDefenderExpertsScope: z.boolean(),
  partnerAction: partnerActionSchema.nullable(),
  /** Set only for a redirected (merged) incident: where to go instead. */
  redirectIncidentId: z.string().nullable(),
  stepSince: z.iso.datetime(),
  timeInStepMs: z.number().nonnegative(),
});
export type Handoff = z.infer<typeof handoffSchema>;

/** What the rules look at, worked out once per incident. */
export interface HandoffFacts {
  service: TenantService;
  status: IncidentStatus;
  /** Unknown statuses count as open, so the partner sees them (conservative). */
  open: boolean;
  assignee: AssigneeMatch;
  /** Defender Experts hunting found it: an alert from microsoftThreatExperts, or the title says so. */
  huntingGenerated: boolean;
  /**
   * Defender Experts worked it: their system tag, handed to the customer (see graph-security-api.md), or
   * still assigned to them.
   */
  handledByDefenderExperts: boolean;
  /** The partner marked the review done: the incident carries the "Handoff: reviewed" tag (review-mark.ts). */
  reviewed?: boolean;
}

type HandoffOutcome = Pick<Handoff, 'area' | 'owner' | 'inDefenderExpertsScope' | 'partnerAction'>;

export interface HandoffRule {
  id: HandoffRuleId;
  when: (facts: HandoffFacts) => boolean;
  then: (facts: HandoffFacts) => HandoffOutcome;
}

const hasDefenderExperts = (facts: HandoffFacts) => facts.service !== 'none';

/** The table's last row: resolved and nobody's move (every open incident matched an earlier rule). */
const closedRule: HandoffRule = {
  id: 'closed',
  when: () => true,
  then: () => ({ area: 'closed', owner: 'none', inDefenderExpertsScope: false, partnerAction: null }),
};

/**
 * The classifier's table. Service differences: a Hunting-only tenant has no triage, investigation or
 * resolution by Defender Experts (those incidents fall to the partner like any other), but its
 * hunting-generated incidents and any awaitingAction (only Defender Experts can set it) are still the
 * partner's to act on. A tenant without Defender Experts ('none') skips every Defender Experts rule:
 * each open incident, awaitingAction and hunting-looking ones included, is the partner's to triage.
 */
export const handoffRules: readonly HandoffRule[] = [
  {
    id: 'redirected',
    when: (facts) => facts.status === 'redirected',
    // Nobody's step here: the work continues in the incident it was merged into.
    then: () => ({ area: 'merged', owner: 'none', inDefenderExpertsScope: false, partnerAction: null }),
  },
  {
    id: 'awaitingAction',
    when: (facts) => hasDefenderExperts(facts) && facts.status === 'awaitingAction',
    then: () => ({
      area: 'incidentRemediation',
      owner: 'partner',
      inDefenderExpertsScope: true,
      partnerAction: { kind: 'act', text: 'Act on the remediation actions, then resolve the incident' },
    }),
  },
  {
    id: 'huntingGenerated',
    when: (facts) => hasDefenderExperts(facts) && facts.huntingGenerated && facts.open,
    then: () => ({
      area: 'hunting',
      owner: 'partner',
      inDefenderExpertsScope: true,
      partnerAction: { kind: 'act', text: 'Review and respond to the true positive Defender Experts found' },
    }),
  },
  {
    id: 'defenderExpertsTriage',
    when: (facts) => facts.service === 'xdr' && facts.assignee === 'defenderExperts' && facts.status === 'active',
    then: () => ({
      area: 'incidentTriage',
      owner: 'defenderExperts',
      inDefenderExpertsScope: true,
      partnerAction: null,
    }),
  },
  {
    id: 'defenderExpertsInvestigation',
    when: (facts) => facts.service === 'xdr' && facts.assignee === 'defenderExperts' && facts.status === 'inProgress',
    then: () => ({
      area: 'incidentInvestigation',
      owner: 'defenderExperts',
      inDefenderExpertsScope: true,
      partnerAction: null,
    }),
  },
  {
    id: 'resolvedByDefenderExperts',
    // Not once marked reviewed (the tag): then it falls to the closed row and counts nowhere.
    when: (facts) => facts.service === 'xdr' && facts.status === 'resolved' && facts.handledByDefenderExperts && facts.reviewed !== true,
    then: () => ({
      area: 'incidentInvestigation',
      owner: 'partner',
      inDefenderExpertsScope: true,
      partnerAction: { kind: 'review', text: 'Review the investigation summary and validate the classification' },
    }),
  },
  {
    id: 'partnerOpen',
    when: (facts) => facts.open,
    then: (facts) =>
      facts.assignee === 'unassigned'
        ? {
            area: 'incidentTriage',
            owner: 'partner',
            inDefenderExpertsScope: false,
            partnerAction: { kind: 'triage', text: 'Triage it: assign it to yourself' },
          }
        : {
            area: 'incidentInvestigation',
            owner: 'partner',
            inDefenderExpertsScope: false,
            partnerAction: { kind: 'triage', text: 'Investigate it' },
          },
  },
  closedRule,
];

/** The system tag "Defender Experts" Graph puts on incidents they handled (docs/reference/graph-security-api.md). */
const defenderExpertsSystemTag = normalizeAssigneeName('Defender Experts');
/** Defender Experts hunting notifications: the alert's detectionSource, or the incident title's prefix. */
const huntingDetectionSource = 'microsoftthreatexperts';
const huntingTitlePrefix = 'defender experts';

export function handoffFacts(
  incident: GraphIncident,
  service: TenantService,
  aliases: AssigneeAliases = defaultAssigneeAliases,
): HandoffFacts {
  const assignee = matchAssignee(incident.assignedTo, aliases);
  return {
    service,
    status: incident.status,
    open: incident.status !== 'resolved' && incident.status !== 'redirected',
    assignee,
    huntingGenerated:
      incident.alerts.some((alert) => alert.detectionSource?.toLowerCase() === huntingDetectionSource) ||
      (incident.displayName ?? '').replace(/\s+/g, ' ').trimStart().toLowerCase().startsWith(huntingTitlePrefix),
    handledByDefenderExperts:
      assignee === 'customer' ||
      assignee === 'defenderExperts' ||
      incident.systemTags.some((tag) => normalizeAssigneeName(tag) === defenderExpertsSystemTag),
    reviewed: hasReviewedTag(incident.customTags),
  };
}

/** The first rule of the table that matches (the last one, closed, matches everything). */
export function matchHandoffRule(facts: HandoffFacts): HandoffRule {
  return handoffRules.find((candidate) => candidate.when(facts)) ?? closedRule;
}

/**
 * Since when the current step has been with its owner. Graph has no "status changed at": an active
 * incident has been waiting since it was created; any later status was set at or before the last update,
 * the closest time Graph gives (never before creation).
 */
function stepSinceMs(incident: GraphIncident): number {
  const created = Date.parse(incident.createdDateTime);
  if (incident.status === 'active' || incident.lastUpdateDateTime === null) return created;
  return Math.max(created, Date.parse(incident.lastUpdateDateTime));
}

export function classifyHandoff(
  incident: GraphIncident,
  service: TenantService,
  now: Date,
  options: { aliases?: AssigneeAliases } = {},
): Handoff {
  const facts = handoffFacts(incident, service, options.aliases);
  const rule = matchHandoffRule(facts);
  const since = stepSinceMs(incident);
  const elapsed = now.getTime() - since;
  return {
    incidentId: incident.id,
    tenantId: incident.tenantId,
    rule: rule.id,
    ...rule.then(facts),
    redirectIncidentId: rule.id === 'redirected' ? incident.redirectIncidentId : null,
    stepSince: new Date(since).toISOString(),
    // Clock skew (a local clock behind Graph's) must not show a negative wait.
    timeInStepMs: Number.isFinite(elapsed) ? Math.max(0, elapsed) : 0,
  };
}

/** A short name for a handoff's area, for lists and chips. */
export function handoffAreaTitle(area: HandoffArea): string {
  if (area === 'merged') return 'Merged';
  if (area === 'closed') return 'Closed';
  return areaTitle(area);
}
