/**
 * Handoff's zod schemas against Microsoft's typings (tests/fakes/graph-contract.ts). Type-level checks
 * (expectTypeOf, checked by `npm run typecheck`) plus runtime twins (vitest):
 * - each incident/alert schema accepts what Microsoft's type allows: every field optional and nullable
 *   as Microsoft's is, except a short named list we require anyway (REQUIRED_ANYWAY below);
 * - each schema reads only properties Microsoft's type has (no invented field names);
 * - every enum value Handoff writes is one Microsoft's v1.0 type lists.
 */
import type { z } from 'zod';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  graphAlertSchema,
  graphIncidentSchema,
  incidentCommentSchema,
  recommendedHuntingQuerySchema,
  writableClassificationSchema,
  writableDeterminationSchema,
} from '@/utils/domain/incident-schema';
import { incidentPatchSchema } from '@/utils/graph/graph-writes';
import { determinationsByClassification, resolveClassifications } from '@/utils/portal/quick-action-rules';
import { parseIncident } from '@/utils/domain/parse-incidents';
import {
  v1AlertClassifications,
  v1AlertDeterminations,
  type GraphAlertJson,
  type GraphBeta,
  type StoredIncidentJson,
  type V1Security,
} from '../../fakes/graph-contract';

/**
 * What we require although Microsoft's type makes it optional, and why:
 * - incident.id, alert.id: nothing can be cached, linked or written without one;
 * - incident.createdDateTime: the first-sync window and every "since" are measured from it;
 * - recommendedHuntingQuery.kqlText: a hunting query without text is nothing to show (parse-incidents
 *   drops such an item with a warning; the incident is kept).
 */
type RequireAnyway<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };

type MicrosoftComment = V1Security.AlertComment;
type MicrosoftHuntingQuery = RequireAnyway<GraphBeta.SecurityNamespace.RecommendedHuntingQuery, 'kqlText'>;
type MicrosoftAlert = RequireAnyway<GraphAlertJson, 'id'>;
type MicrosoftIncident = RequireAnyway<
  Omit<StoredIncidentJson, 'alerts' | 'comments' | 'recommendedHuntingQueries'>,
  'id' | 'createdDateTime'
> & {
  alerts?: MicrosoftAlert[] | null;
  comments?: MicrosoftComment[] | null;
  recommendedHuntingQueries?: MicrosoftHuntingQuery[] | null;
};

/** Keys of a schema's input that Microsoft's type does not have (should be never). */
type Invented<Schema extends z.ZodType, Microsoft> = Exclude<keyof z.input<Schema>, keyof Microsoft>;

describe("the zod schemas accept what Microsoft's typings allow", () => {
  it('types: every Microsoft incident, alert, comment and hunting query (with REQUIRED_ANYWAY) is valid input', () => {
    expectTypeOf<MicrosoftIncident>().toExtend<z.input<typeof graphIncidentSchema>>();
    expectTypeOf<MicrosoftAlert>().toExtend<z.input<typeof graphAlertSchema>>();
    expectTypeOf<MicrosoftComment>().toExtend<z.input<typeof incidentCommentSchema>>();
    expectTypeOf<MicrosoftHuntingQuery>().toExtend<z.input<typeof recommendedHuntingQuerySchema>>();
  });

  it('types: the schemas read no property Microsoft does not have', () => {
    expectTypeOf<Invented<typeof graphIncidentSchema, StoredIncidentJson>>().toEqualTypeOf<never>();
    expectTypeOf<Invented<typeof graphAlertSchema, GraphAlertJson>>().toEqualTypeOf<never>();
    expectTypeOf<Invented<typeof incidentCommentSchema, MicrosoftComment>>().toEqualTypeOf<never>();
  });

  it('runtime: an incident with every optional field null, and one with them all absent, parses', () => {
    const nulls = {
      id: '1',
      createdDateTime: '2026-11-27T10:00:00Z',
      assignedTo: null,
      classification: null,
      comments: null,
      customTags: null,
      description: null,
      determination: null,
      displayName: null,
      incidentWebUrl: null,
      lastModifiedBy: null,
      redirectIncidentId: null,
      resolvingComment: null,
      summary: null,
      systemTags: null,
      tenantId: null,
      priorityScore: null,
      recommendedActions: null,
      recommendedHuntingQueries: null,
      alerts: [
        {
          id: 'da1',
          actorDisplayName: null,
          alertWebUrl: null,
          assignedTo: null,
          category: null,
          classification: null,
          comments: null,
          createdDateTime: null,
          description: null,
          detectionSource: null,
          determination: null,
          evidence: null,
          firstActivityDateTime: null,
          incidentId: null,
          lastActivityDateTime: null,
          lastUpdateDateTime: null,
          mitreTechniques: null,
          productName: null,
          providerAlertId: null,
          recommendedActions: null,
          resolvedDateTime: null,
          systemTags: null,
          tenantId: null,
          title: null,
        },
      ],
    } satisfies MicrosoftIncident;
    const absent = { id: '2', createdDateTime: '2026-11-27T10:00:00Z', alerts: [{ id: 'da2' }] } satisfies MicrosoftIncident;
    for (const item of [nulls, absent]) {
      expect(graphIncidentSchema.safeParse(item).success).toBe(true);
      const parsed = parseIncident(item);
      expect(parsed.ok && parsed.warnings).toEqual([]);
    }
  });
});

describe("every enum value Handoff writes is in Microsoft's v1.0 enum", () => {
  type Written<K extends 'status' | 'classification' | 'determination'> = NonNullable<z.output<typeof incidentPatchSchema>[K]>;

  it('types: status, classification and determination of the incident PATCH', () => {
    expectTypeOf<Written<'status'>>().toExtend<V1Security.IncidentStatus>();
    expectTypeOf<Written<'classification'>>().toExtend<V1Security.AlertClassification>();
    expectTypeOf<Written<'determination'>>().toExtend<V1Security.AlertDetermination>();
    expectTypeOf<z.output<typeof writableDeterminationSchema>>().toExtend<V1Security.AlertDetermination>();
    expectTypeOf<(typeof resolveClassifications)[number]>().toExtend<V1Security.AlertClassification>();
  });

  it('runtime: the writable lists are v1.0 members, never unknown/unknownFutureValue', () => {
    const determinations: readonly string[] = v1AlertDeterminations;
    const classifications: readonly string[] = v1AlertClassifications;
    for (const value of writableDeterminationSchema.options) expect(determinations).toContain(value);
    for (const value of writableClassificationSchema.options) expect(classifications).toContain(value);
    expect(writableDeterminationSchema.options).not.toContain('unknownFutureValue');
    expect(writableClassificationSchema.options).not.toContain('unknownFutureValue');
  });

  it('runtime: every determination the resolve form offers (determinationsByClassification) is writable', () => {
    for (const classification of resolveClassifications) {
      expect(writableClassificationSchema.options).toContain(classification);
      for (const determination of determinationsByClassification[classification]) {
        expect(writableDeterminationSchema.options).toContain(determination);
      }
    }
  });

  it("runtime: the PATCH schema refuses the docs' older names", () => {
    for (const old of ['compromisedUser', 'confirmedUserActivity', 'clean', 'insufficientData']) {
      expect(incidentPatchSchema.safeParse({ determination: old }).success).toBe(false);
    }
    expect(incidentPatchSchema.safeParse({ determination: 'compromisedAccount' }).success).toBe(true);
  });
});
