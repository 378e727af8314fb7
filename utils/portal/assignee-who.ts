/**
 * Who within the partner (the MSSP team) an incident is with: "you" only when Graph's `assignedTo` is the
 * signed-in analyst's UPN (compared case-insensitively, trimmed), a colleague's name when it names another
 * person, unassigned otherwise. The handoff's `owner` stays the team's (partner, Defender Experts, none):
 * this only says who in the team. Names that are no person of the team (Defender Experts, "Customer":
 * the assignee aliases) count as unassigned; the worker knows those aliases and passes `isTeamAccount`.
 * Pure and zod-free: the content script, the popup and the worker use it.
 */

/** Also the public `data-handoff-assignee` of chips and the panel host. */
export type AssigneeKind = 'you' | 'colleague' | 'unassigned';

export interface AssigneeWho {
  kind: AssigneeKind;
  /** The colleague's name as Graph has it (a UPN or a display name); null for you and unassigned. */
  name: string | null;
}

const normalized = (name: string | null | undefined) => (name ?? '').replace(/\s+/g, ' ').trim().toLowerCase();

export function assigneeWho(
  assignedTo: string | null | undefined,
  you: string | null | undefined,
  /** Whether a name is an account of no person of the team (Defender Experts, Customer). */
  isNoPerson: (name: string) => boolean = () => false,
): AssigneeWho {
  const name = normalized(assignedTo);
  if (name === '' || isNoPerson(assignedTo ?? '')) return { kind: 'unassigned', name: null };
  if (name === normalized(you)) return { kind: 'you', name: null };
  return { kind: 'colleague', name: (assignedTo ?? '').replace(/\s+/g, ' ').trim() };
}

/** "you", "Jordan Lee" or "nobody yet": the popover's, the card's and the queue's words for who. */
export function assigneeText(who: AssigneeWho): string {
  if (who.kind === 'you') return 'you';
  return who.kind === 'colleague' && who.name ? who.name : 'nobody yet';
}

/**
 * The "Who:" of the partner's step: "You" only when it is assigned to you, "Jordan Lee (your team)" for a
 * colleague, "Your team (nobody assigned)" otherwise. Without the worker's word (absent) it stays "You".
 */
export function partnerWhoLabel(who: AssigneeWho | undefined): string {
  if (!who || who.kind === 'you') return 'You';
  return who.kind === 'colleague' && who.name ? `${who.name} (your team)` : 'Your team (nobody assigned)';
}

/**
 * The chip's accessible "whose move": a colleague's (unnamed there: a name may be long; the popover names
 * them), or yours (assigned to you, or to nobody in the team yet: yours to take).
 */
export function partnerWhoseMove(who: AssigneeWho | undefined): string {
  return who?.kind === 'colleague' ? 'a colleague’s move' : 'your move';
}

/**
 * The panel card's line, for a colleague only ("Assigned to Jordan Lee (your team)"): "Your move" already
 * says it for you and for nobody, and the card must stay within its ~200 px.
 */
export function assignedLine(who: AssigneeWho | undefined): string | null {
  return who?.kind === 'colleague' && who.name ? `Assigned to ${who.name} (your team)` : null;
}
