/**
 * Expected to fail type-checking, line by line: each `@ts-expect-error` below marks an object Microsoft's
 * typings must refuse (tests/fakes/graph-contract.ts). If the contract ever stops catching one, the
 * directive is unused and `npm run typecheck` fails ("Unused '@ts-expect-error' directive"). Not a test
 * file vitest runs (no .test.ts): tsc is its runner.
 */
import type { GraphAlertEvidenceJson, GraphAlertJson, GraphIncidentJson, StoredIncidentJson } from '../../fakes/graph-contract';

export const wellFormed = {
  id: '2972395',
  status: 'active',
  severity: 'medium',
  classification: 'truePositive',
  determination: 'multiStagedAttack',
  createdDateTime: '2021-08-13T08:43:35.5533333Z',
  priorityScore: 42,
  '@odata.type': '#microsoft.graph.security.incident',
  alerts: [{ id: 'da1', status: 'new', evidence: [{ '@odata.type': '#microsoft.graph.security.deviceEvidence', hostName: 'WS-1' }] }],
} satisfies GraphIncidentJson;

export const misspelledIncidentField = {
  id: '1',
  // @ts-expect-error misspelled: Graph's property is lastUpdateDateTime
  lastUpdatedDateTime: '2026-01-01T00:00:00Z',
} satisfies GraphIncidentJson;

export const inventedAlertField = {
  id: 'da1',
  // @ts-expect-error invented: an alert has no severityScore
  severityScore: 7,
} satisfies GraphAlertJson;

export const inventedAlertFieldUnderIncident = {
  id: '1',
  // @ts-expect-error invented field on an alert listed under an incident
  alerts: [{ id: 'da1', riskLevel: 'high' }],
} satisfies GraphIncidentJson;

export const wrongIncidentStatus = {
  id: '1',
  // @ts-expect-error not an IncidentStatus member
  status: 'closed',
} satisfies GraphIncidentJson;

export const oldDeterminationName = {
  id: '1',
  // @ts-expect-error the property description's old name; v1.0's AlertDetermination says compromisedAccount
  determination: 'compromisedUser',
} satisfies GraphIncidentJson;

export const wrongClassification = {
  id: '1',
  // @ts-expect-error 'TruePositive' (the docs' sample casing) is not an AlertClassification member
  classification: 'TruePositive',
} satisfies GraphIncidentJson;

export const wrongDetectionSource = {
  id: 'da1',
  // @ts-expect-error Defender for Cloud Apps' DetectionSource is cloudAppSecurity
  detectionSource: 'microsoftDefenderForCloudApps',
} satisfies GraphAlertJson;

export const evidenceFieldOfAnotherType: GraphAlertEvidenceJson = {
  '@odata.type': '#microsoft.graph.security.userEvidence',
  // @ts-expect-error hostName belongs to deviceEvidence, not userEvidence
  hostName: 'WS-1',
};

export const betaOnlyFieldOnV1 = {
  id: '1',
  // @ts-expect-error recommendedActions is beta-only: not on a v1.0 incident
  recommendedActions: 'Isolate the device.',
} satisfies GraphIncidentJson;

export const betaOnlyFieldStored = { id: '1', recommendedActions: 'Isolate the device.' } satisfies StoredIncidentJson;

export function builderWithExactReturnType(): GraphIncidentJson {
  return {
    id: '1',
    // @ts-expect-error a builder's return type checks its literal like `satisfies`
    assignedToUser: 'someone',
  };
}
