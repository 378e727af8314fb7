import type { HandoffOwner, PartnerActionKind } from '../domain/classify-handoff';
import type { IncidentStatus } from '../domain/incident-schema';
import { formatDuration } from './relative-time';
import type { TenantService } from '../domain/responsibility-matrix';

/**
 * The words the in-portal chips and panel use for a handoff. Pure and zod-free (the content script
 * imports it). "You" is the partner: the customer SOC or MSSP the analyst works for.
 */

export const ownerLabels: Record<HandoffOwner, string> = {
  defenderExperts: 'Defender Experts',
  partner: 'You',
  none: 'No one',
};

export const serviceLabels: Record<TenantService, string> = {
  xdr: 'Defender Experts for XDR',
  hunting: 'Defender Experts for Hunting',
  none: 'No Defender Experts service',
};

/** Status names as the portal shows them (awaitingAction is "Awaiting Customer Action" there). */
export const statusLabels: Record<IncidentStatus, string> = {
  active: 'Active',
  inProgress: 'In progress',
  awaitingAction: 'Awaiting Customer Action',
  resolved: 'Resolved',
  redirected: 'Redirected',
  unknownFutureValue: 'Unknown',
};

export const partnerActionKindLabels: Record<PartnerActionKind, string> = {
  act: 'Act',
  review: 'Review',
  triage: 'Triage',
};

/** "Incident triage" -> "Triage": the chip has room for one word. */
export function shortStepLabel(stepTitle: string): string {
  const rest = stepTitle.replace(/^Incident\s+/i, '');
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}

/** "now", "12m", "5h", "3d": for a chip. */
export function compactDuration(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 1) return 'now';
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h`;
  return `${Math.floor(hours / 24)}d`;
}

/** How long the step has been with its owner at `now`; 0 for an unreadable time (never negative). */
export function timeInStepMs(stepSince: string, now: number): number {
  const since = Date.parse(stepSince);
  return Number.isFinite(since) ? Math.max(0, now - since) : 0;
}

export function scopeLabel(inDefenderExpertsScope: boolean, service: TenantService): string {
  if (service === 'none') return 'Yours: this tenant has no Defender Experts service';
  return inDefenderExpertsScope ? "In Defender Experts' scope" : "Outside Defender Experts' scope: yours";
}

/** What a chip (or the panel header) shows for one handoff. */
export interface HandoffChipText {
  owner: string;
  step: string;
  /** Null for a closed or merged incident: nobody is waiting. */
  time: string | null;
  /** The accessible name: every fact of the chip in one sentence. */
  label: string;
}

export interface ChipHandoff {
  owner: HandoffOwner;
  stepSince: string;
  partnerAction: { kind: PartnerActionKind; text: string } | null;
  redirectIncidentId: string | null;
}

export function handoffChipText(handoff: ChipHandoff, stepTitle: string, now: number): HandoffChipText {
  const owner = ownerLabels[handoff.owner];
  const waiting = handoff.owner !== 'none';
  const elapsed = timeInStepMs(handoff.stepSince, now);
  const time = waiting ? compactDuration(elapsed) : null;
  const timePhrase = waiting ? `, ${formatDuration(elapsed)} in step` : '';
  return {
    owner,
    step: shortStepLabel(stepTitle),
    time,
    label: `Handoff: ${handoff.owner === 'none' ? 'nobody’s move' : `${owner} own this step`}, ${stepTitle}${timePhrase}`,
  };
}

/** The matrix duties of a step, as the chip's popover and the panel show them. */
export interface StepDuties {
  title: string;
  defenderExperts: readonly string[];
  partner: readonly string[];
}

/** The popover of a chip: the partner's action, then who does what at this step (from the matrix). */
export function handoffChipDetails(handoff: ChipHandoff, duties: StepDuties | undefined): string[] {
  const lines: string[] = [];
  if (handoff.redirectIncidentId) lines.push(`Merged into incident ${handoff.redirectIncidentId}.`);
  lines.push(handoff.partnerAction ? `Your action: ${handoff.partnerAction.text}` : 'Your action: none right now');
  if (duties && (duties.defenderExperts.length > 0 || duties.partner.length > 0)) {
    lines.push(`Defender Experts: ${duties.defenderExperts.join(' ') || '(no action)'}`);
    lines.push(`You: ${duties.partner.join(' ') || '(no action)'}`);
  }
  return lines;
}
