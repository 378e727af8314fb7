import type { HandoffOwner } from '../domain/classify-handoff';
import type { IncidentStatus } from '../domain/incident-schema';

/**
 * Which quick actions an incident panel offers, and why not when it doesn't: a table per action,
 * evaluated top to bottom, first match wins (like the handoff classifier). The background applies the
 * same table again to the incident it re-reads before writing, so a stale panel cannot write what the
 * rules forbid. Also here: what counts as "changed since shown" (the write conflict) and the
 * classification and determination choices for resolving.
 *
 * Zod-free on purpose: the content script imports it and must stay small.
 */

export const quickActionIds = ['assignToMe', 'resolve', 'comment', 'markReviewed', 'openHuntingQuery', 'refresh'] as const;
export type QuickActionId = (typeof quickActionIds)[number];

/**
 * Actions that write to Graph (the others only read or open a link). Not 'markReviewed': it writes to
 * Graph where the analyst may, and is kept on this browser otherwise (offered either way, on reviews only).
 */
export const writingQuickActions: ReadonlySet<QuickActionId> = new Set(['assignToMe', 'resolve', 'comment']);

/** Whether Handoff may write in the tenant at all, worked out by the background (settings, scopes, role). */
export interface WriteAccess {
  allowed: boolean;
  /** Why not, for people; null when allowed. */
  reason: string | null;
}

/** What the rules look at. */
export interface QuickActionSubject {
  incident: {
    status: IncidentStatus;
    assignedTo: string | null;
    redirectIncidentId: string | null;
  };
  handoff: { owner: HandoffOwner; inDefenderExpertsScope: boolean; partnerAction?: { kind: string } | null };
  /** The signed-in analyst's user name (UPN): "already assigned to you" compares against it. */
  username: string | null;
  writeAccess: WriteAccess;
}

export type QuickActionAvailability =
  | { state: 'hidden' }
  | { state: 'enabled' }
  | { state: 'disabled'; reason: string };

interface GateRule {
  when: (subject: QuickActionSubject) => boolean;
  then: (subject: QuickActionSubject) => QuickActionAvailability;
}

const hidden = (): QuickActionAvailability => ({ state: 'hidden' });
const enabled = (): QuickActionAvailability => ({ state: 'enabled' });
const disabled =
  (reason: string | ((subject: QuickActionSubject) => string)) =>
  (subject: QuickActionSubject): QuickActionAvailability => ({
    state: 'disabled',
    reason: typeof reason === 'string' ? reason : reason(subject),
  });

const always = () => true;
const redirected = (subject: QuickActionSubject) => subject.incident.status === 'redirected';
const resolved = (subject: QuickActionSubject) => subject.incident.status === 'resolved';
const cannotWrite = (subject: QuickActionSubject) => !subject.writeAccess.allowed;
const writeAccessReason = (subject: QuickActionSubject) => subject.writeAccess.reason ?? 'Handoff may not change incidents here.';

/** A redirected incident was merged: Graph refuses writes to it and the work goes on in the other one. */
const mergedRule: GateRule = {
  when: redirected,
  then: disabled((subject) =>
    subject.incident.redirectIncidentId
      ? `Merged into incident ${subject.incident.redirectIncidentId}: act there.`
      : 'Merged into another incident: act there.',
  ),
};
const writeAccessRule: GateRule = { when: cannotWrite, then: disabled(writeAccessReason) };

export function isAssignedTo(assignedTo: string | null, username: string | null): boolean {
  if (!assignedTo || !username) return false;
  return assignedTo.trim().toLowerCase() === username.trim().toLowerCase();
}

export const quickActionRules: Record<QuickActionId, readonly GateRule[]> = {
  assignToMe: [
    mergedRule,
    { when: resolved, then: hidden },
    // The reference (XDR incident triage): partners assign to themselves incidents that aren't in scope.
    {
      when: (subject) => subject.handoff.inDefenderExpertsScope,
      then: disabled("In Defender Experts' scope: partners assign themselves only incidents outside it."),
    },
    { when: (subject) => isAssignedTo(subject.incident.assignedTo, subject.username), then: disabled('Already assigned to you.') },
    writeAccessRule,
    { when: always, then: enabled },
  ],
  resolve: [
    mergedRule,
    { when: resolved, then: hidden },
    {
      when: (subject) => subject.handoff.owner === 'defenderExperts',
      then: disabled('Defender Experts own this step: they investigate, classify and resolve it.'),
    },
    writeAccessRule,
    { when: always, then: enabled },
  ],
  comment: [mergedRule, writeAccessRule, { when: always, then: enabled }],
  // Only on a review (resolved by Defender Experts, for the partner to check): tags the incident as reviewed.
  // Without write access too: the worker then keeps the mark on this browser only, and says so.
  markReviewed: [
    mergedRule,
    { when: (subject) => subject.handoff.partnerAction?.kind !== 'review', then: hidden },
    { when: always, then: enabled },
  ],
  // Opens a recommended query in Advanced hunting (a read in the portal, no write). The queries come from
  // Graph beta's hunting guidance, never the v1.0 incident: the panel shows links only when it has some.
  openHuntingQuery: [mergedRule, { when: always, then: enabled }],
  refresh: [{ when: always, then: enabled }],
};

export function quickActionAvailability(action: QuickActionId, subject: QuickActionSubject): QuickActionAvailability {
  const rule = quickActionRules[action].find((candidate) => candidate.when(subject));
  return rule ? rule.then(subject) : { state: 'hidden' };
}

/**
 * A remediation task as the panel gets it, with Run taken away where the organisation's policy forbids
 * response actions (globally or in this tenant; domain/managed-policy.ts). The worker refuses such a Run
 * too, so a stale panel cannot start one.
 */
export function withoutRun<View extends { canRun: boolean }>(view: View, forbidden: boolean): View {
  return forbidden && view.canRun ? { ...view, canRun: false } : view;
}

/** The fields that make "the incident changed since it was shown": a write goes ahead only if all match. */
export interface IncidentVersion {
  lastUpdateDateTime: string | null;
  assignedTo: string | null;
  status: IncidentStatus;
}

export function incidentVersionOf(incident: IncidentVersion): IncidentVersion {
  return {
    lastUpdateDateTime: incident.lastUpdateDateTime,
    assignedTo: incident.assignedTo,
    status: incident.status,
  };
}

export interface IncidentChange {
  field: keyof IncidentVersion;
  shown: string | null;
  current: string | null;
}

/** What differs between the version shown and the one just read; empty when it is unchanged. */
export function incidentChanges(shown: IncidentVersion, current: IncidentVersion): IncidentChange[] {
  const fields: (keyof IncidentVersion)[] = ['status', 'assignedTo', 'lastUpdateDateTime'];
  return fields
    .filter((field) => shown[field] !== current[field])
    .map((field) => ({ field, shown: shown[field], current: current[field] }));
}

const changeNames: Record<keyof IncidentVersion, string> = {
  status: 'status',
  assignedTo: 'assigned to',
  lastUpdateDateTime: 'last update',
};

/** "Changed since shown: status active → resolved; assigned to (nobody) → jordan@…". Nothing was written. */
export function describeIncidentChanges(changes: readonly IncidentChange[]): string {
  const parts = changes.map(
    (change) => `${changeNames[change.field]} ${change.shown ?? '(nobody)'} → ${change.current ?? '(nobody)'}`,
  );
  return `This incident changed since it was shown (${parts.join('; ')}). Nothing was written: check it and try again.`;
}

/**
 * Resolving: the classifications Graph accepts for a resolved incident (not 'unknown') and the
 * determinations the portal offers with each. Graph's determination list is not settled (the docs and
 * the metadata disagree, see docs/reference/graph-security-api.md): this grouping follows the portal's
 * "Resolve incident" form and is an assumption kept here.
 */
export const resolveClassifications = ['truePositive', 'informationalExpectedActivity', 'falsePositive'] as const;
export type ResolveClassification = (typeof resolveClassifications)[number];

export const determinationsByClassification: Record<ResolveClassification, readonly string[]> = {
  truePositive: [
    'multiStagedAttack',
    'maliciousUserActivity',
    'compromisedAccount',
    'malware',
    'phishing',
    'unwantedSoftware',
    'other',
  ],
  informationalExpectedActivity: ['securityTesting', 'lineOfBusinessApplication', 'confirmedActivity', 'other'],
  falsePositive: ['notMalicious', 'notEnoughDataToValidate', 'other'],
};

export const classificationLabels: Record<ResolveClassification, string> = {
  truePositive: 'True positive',
  informationalExpectedActivity: 'Informational, expected activity',
  falsePositive: 'False positive',
};

const determinationLabels: Record<string, string> = {
  multiStagedAttack: 'Multi-staged attack',
  maliciousUserActivity: 'Malicious user activity',
  compromisedAccount: 'Compromised account',
  malware: 'Malware',
  phishing: 'Phishing',
  unwantedSoftware: 'Unwanted software',
  securityTesting: 'Security testing',
  lineOfBusinessApplication: 'Line-of-business application',
  confirmedActivity: 'Confirmed activity',
  notMalicious: 'Not malicious',
  notEnoughDataToValidate: 'Not enough data to validate',
  other: 'Other',
};

export function determinationLabel(determination: string): string {
  return determinationLabels[determination] ?? determination;
}

export function isDeterminationOf(classification: ResolveClassification, determination: string): boolean {
  return determinationsByClassification[classification].includes(determination);
}

/** Longest comment Handoff sends (Graph documents no limit; the portal's own box is of this order). */
export const commentMaxLength = 4000;
