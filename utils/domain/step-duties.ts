import { handoffAreaTitle, type HandoffArea } from './classify-handoff';
import { matrixRow, type TenantService } from './responsibility-matrix';

/** Who does what at one step, as the panel and chips show it (messages/portal-answers.ts validates it). */
export interface StepDutiesView {
  title: string;
  defenderExperts: string[];
  partner: string[];
  /** The reference's "Notes for MSSP partners", when the service has this step. */
  partnerNote: string | null;
  portalOnly: boolean;
}

/**
 * Who does what at the step an incident is in, from the responsibility matrix of the tenant's service.
 * A closed or merged incident has no step; a step the service's table does not have (triage on a
 * Hunting-only tenant) or a tenant without Defender Experts gives empty duty lists: the partner's alone.
 */
export function stepDuties(service: TenantService, area: HandoffArea): StepDutiesView {
  const title = handoffAreaTitle(area);
  const none: StepDutiesView = { title, defenderExperts: [], partner: [], partnerNote: null, portalOnly: false };
  if (area === 'merged' || area === 'closed' || service === 'none') return none;
  const row = matrixRow(service, area);
  if (!row) return none;
  return {
    title: row.title,
    defenderExperts: [...row.defenderExperts],
    partner: [...row.partner],
    partnerNote: row.partnerNote,
    portalOnly: row.portalOnly,
  };
}
