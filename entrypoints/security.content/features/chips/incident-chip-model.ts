import type { PortalHandoff, StepDutiesView } from '@/utils/messages/portal-answers';
import { chipFace, chipPopoverLines } from '@/utils/portal/chip-verb';
import type { PortalTheme } from '@/utils/portal/portal-theme';
import type { ChipModel } from './incident-chip';

/**
 * What a handoff's chip shows (incident-chip.ts draws it), in the words of chip-verb.ts. One maker per
 * answer of the background: a new answer gets a new one, so no cached line outlives its data.
 */
export type ChipModelMaker = (handoff: PortalHandoff, theme: PortalTheme, at: number) => ChipModel;

export function chipModelMaker(duties: Readonly<Record<string, StepDutiesView>>): ChipModelMaker {
  // The popover's lines depend only on the step, the owner and the partner's action: built once per kind of handoff.
  const detailsCache = new Map<string, string[]>();
  return (handoff, theme, at) => {
    const detailsKey = [
      handoff.owner,
      handoff.area,
      handoff.partnerAction?.text ?? '',
      handoff.redirectIncidentId ?? '',
      handoff.assignee?.kind ?? '',
      handoff.assignee?.name ?? '',
    ].join('\u0000');
    let details = detailsCache.get(detailsKey);
    if (!details) {
      details = chipPopoverLines(handoff, duties[handoff.area]);
      detailsCache.set(detailsKey, details);
    }
    const assignee = handoff.assignee?.kind ?? 'unassigned';
    return { incidentId: handoff.incidentId, owner: handoff.owner, area: handoff.area, assignee, ...chipFace(handoff, at), details, theme };
  };
}
