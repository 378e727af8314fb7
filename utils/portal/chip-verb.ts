import type { HandoffArea, HandoffOwner, PartnerActionKind } from '../domain/classify-handoff';
import { compactDuration, ownerLabels, timeInStepMs, type StepDuties } from './handoff-labels';
import { formatDuration } from './relative-time';
import { partnerWhoLabel, partnerWhoseMove, type AssigneeWho } from './assignee-who';

/**
 * What an incident's chip says: the partner's next move as a verb (Act, Review, Triage: the classifier's
 * partner action kinds, classify-handoff.ts), "Defender Experts" while the step is theirs, and nothing
 * for a closed or merged incident unless the analyst asked for those (settings: chipsOnClosedIncidents).
 * Pure and zod-free: the content script imports it, the background filters the chips' answer with it.
 */

/** The chip's verb, also the host's public `data-handoff-verb`. */
export type ChipVerb = PartnerActionKind | 'defenderExperts' | 'none';

export interface ChipVerbHandoff {
  owner: HandoffOwner;
  area: HandoffArea;
  stepSince: string;
  partnerAction: { kind: PartnerActionKind; text: string } | null;
  redirectIncidentId: string | null;
  /** Who in the team has it (the worker's word, portal/assignee-who.ts); absent: treated as you. */
  assignee?: AssigneeWho;
}

const verbLabels: Record<Exclude<ChipVerb, 'none'>, string> = {
  act: 'Act',
  review: 'Review',
  triage: 'Triage',
  // "Experts", not "Defender Experts": the outline and the ring icon say whose; the full name is in the
  // accessible name and the popover, and the chip stays within ~90 px like the partner's verbs.
  defenderExperts: 'Experts',
};

export function chipVerb(handoff: Pick<ChipVerbHandoff, 'owner' | 'partnerAction'>): ChipVerb {
  if (handoff.owner === 'defenderExperts') return 'defenderExperts';
  if (handoff.owner === 'none') return 'none';
  // Every partner rule names an action; without one the partner still has to act.
  return handoff.partnerAction?.kind ?? 'act';
}

/** Closed and merged incidents (nobody's move) get a chip only when the analyst asked for them. */
export function chipWanted(handoff: Pick<ChipVerbHandoff, 'owner'>, closedIncidentChips: boolean): boolean {
  return handoff.owner !== 'none' || closedIncidentChips;
}

export interface ChipFace {
  verb: ChipVerb;
  /** The visible word: "Act", "Review", "Triage", "Experts", "Closed", "Merged". */
  text: string;
  /** Time in step ("3h", "now"); null when nobody is waiting (closed, merged). */
  time: string | null;
  /** The accessible name: the visible text first, then whose move and how long in words (under 60 characters). */
  label: string;
}

export function chipFace(handoff: ChipVerbHandoff, now: number): ChipFace {
  const verb = chipVerb(handoff);
  if (verb === 'none') {
    const merged = handoff.area === 'merged';
    const text = merged ? 'Merged' : 'Closed';
    const into = merged && handoff.redirectIncidentId ? `, see incident ${handoff.redirectIncidentId}` : '';
    return { verb, text, time: null, label: `${text} — nobody’s move${into}` };
  }
  const elapsed = timeInStepMs(handoff.stepSince, now);
  const time = compactDuration(elapsed);
  const text = verbLabels[verb];
  const whose = verb === 'defenderExperts' ? 'Defender Experts’ move' : partnerWhoseMove(handoff.assignee);
  const waited = elapsed < 60_000 ? 'just arrived' : `waiting ${formatDuration(elapsed)}`;
  return { verb, text, time, label: `${text} ${time} — ${whose}, ${waited}` };
}

/** The popover's first line and the chip's accessible description: what to do now. */
export function chipAction(handoff: ChipVerbHandoff): string {
  if (handoff.owner === 'partner') return handoff.partnerAction?.text ?? 'Your move';
  if (handoff.owner === 'defenderExperts') return 'Nothing for you now: Defender Experts have this step';
  if (handoff.area === 'merged') {
    return handoff.redirectIncidentId ? `Merged: continue in incident ${handoff.redirectIncidentId}` : 'Merged into another incident';
  }
  return 'Nothing to do: the incident is closed';
}

/** The popover: the action first, then who owns which step, then the matrix duties of that step. */
export function chipPopoverLines(handoff: ChipVerbHandoff, duties: StepDuties | undefined): string[] {
  const who = handoff.owner === 'partner' ? partnerWhoLabel(handoff.assignee) : ownerLabels[handoff.owner];
  const lines = [chipAction(handoff), `Who: ${who}${duties ? ` · ${duties.title}` : ''}`];
  if (duties && (duties.defenderExperts.length > 0 || duties.partner.length > 0)) {
    lines.push(`Defender Experts: ${duties.defenderExperts.join(' ') || '(no action)'}`);
    lines.push(`You: ${duties.partner.join(' ') || '(no action)'}`);
  }
  return lines;
}
