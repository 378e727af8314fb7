import { incidentUrl } from './portal-url';

export interface InquiryIncident {
  id: string;
  displayName: string | null;
  severity: string;
  status: string;
  tenantId: string | null;
}

/**
 * A ready-to-paste inquiry for "Ask Defender Experts" (portal only: Microsoft offers no API for it): the
 * incident with its deep link, what was seen, and the question, with placeholders the analyst fills in.
 */
export function defenderExpertsInquiry(incident: InquiryIncident, observation: string, question: string): string {
  const link = incident.tenantId ? safeIncidentUrl(incident.id, incident.tenantId) : null;
  return [
    `Incident ${incident.id}: ${incident.displayName ?? '(untitled)'}`,
    ...(link ? [`Link: ${link}`] : []),
    `Severity: ${incident.severity}; status: ${incident.status}`,
    '',
    'What we saw:',
    observation.trim() || '[Describe what you observed, with hosts, accounts and times]',
    '',
    'Our question:',
    question.trim() || '[What would you like Defender Experts to look into?]',
  ].join('\n');
}

function safeIncidentUrl(id: string, tenantId: string): string | null {
  try {
    return incidentUrl(id, tenantId);
  } catch {
    return null;
  }
}
