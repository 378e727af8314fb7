import { describe, expect, it } from 'vitest';
import { matrixRow } from '@/utils/domain/responsibility-matrix';
import { stepDuties } from '@/utils/domain/step-duties';

describe('who does what at an incident’s step', () => {
  it('takes the row of the tenant’s service from the matrix', () => {
    const row = matrixRow('xdr', 'incidentRemediation');
    expect(stepDuties('xdr', 'incidentRemediation')).toEqual({
      title: 'Incident remediation',
      defenderExperts: row?.defenderExperts,
      partner: row?.partner,
      partnerNote: row?.partnerNote,
      portalOnly: false,
    });
    // XDR triage: the reference's "(no action)" for the partner.
    expect(stepDuties('xdr', 'incidentTriage').partner).toEqual([]);
    expect(stepDuties('hunting', 'hunting').partner).toEqual(['Review and respond to hunting-generated true positive incidents as needed.']);
  });

  it('has no duties where the service has no such step, without Defender Experts, or for closed and merged incidents', () => {
    for (const [service, area, title] of [
      ['hunting', 'incidentTriage', 'Incident triage'],
      ['none', 'incidentInvestigation', 'Incident investigation'],
      ['xdr', 'closed', 'Closed'],
      ['xdr', 'merged', 'Merged'],
    ] as const) {
      expect(stepDuties(service, area)).toEqual({ title, defenderExperts: [], partner: [], partnerNote: null, portalOnly: false });
    }
  });
});
