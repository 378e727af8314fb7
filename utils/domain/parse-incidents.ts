import { z } from 'zod';
import {
  graphAlertSchema,
  graphIdSchema,
  graphIncidentSchema,
  incidentCommentSchema,
  listOf,
  recommendedHuntingQuerySchema,
  type GraphIncident,
} from './incident-schema';

/**
 * Reading Graph's incident items: each item is parsed on its own and never throws, so one malformed
 * incident is reported and skipped, and one bad alert, comment or hunting query inside an incident is
 * dropped with a warning instead of dropping the incident. Messages name the item and the field.
 */

export const incidentParseErrorSchema = z.object({
  /** The incident's id, when the item had a usable one. */
  id: z.string().optional(),
  /** One line for people, e.g. "Incident 123: status must be a string". */
  message: z.string(),
  /** Every problem found, one line each. */
  issues: z.array(z.string()),
});
export type IncidentParseError = z.infer<typeof incidentParseErrorSchema>;

export type IncidentParseResult =
  | { ok: true; incident: GraphIncident; warnings: IncidentParseError[] }
  | { ok: false; error: IncidentParseError };

/**
 * The incident with its lists left unparsed, so one bad alert, comment or hunting query is dropped
 * (and reported) instead of dropping the whole incident.
 */
const incidentEnvelopeSchema = graphIncidentSchema.extend({
  comments: listOf(z.unknown()),
  alerts: listOf(z.unknown()),
  recommendedHuntingQueries: listOf(z.unknown()),
});

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index > 0 ? '.' : ''}${String(key)}`))
    .join('');
}

function describeIssue(issue: z.core.$ZodIssue, pathPrefix: readonly PropertyKey[] = []): string {
  const path = formatPath([...pathPrefix, ...issue.path]);
  const subject = path === '' ? 'the item' : path;
  switch (issue.code) {
    case 'invalid_type':
      if (path !== '' && issue.input === undefined) return `${subject} is missing`;
      return `${subject} must be ${/^[aeiou]/.test(issue.expected) ? 'an' : 'a'} ${issue.expected}`;
    case 'too_small':
      return issue.origin === 'string' ? `${subject} must not be empty` : `${subject} is too small`;
    case 'too_big':
      return `${subject} is too long`;
    case 'invalid_format':
      return issue.format === 'datetime'
        ? `${subject} must be an ISO 8601 date-time`
        : `${subject} has an invalid format`;
    default:
      return `${subject}: ${issue.message}`;
  }
}

const labelLength = 64;

/** Up to 64 characters of the id for messages; the id itself is never truncated. */
function label(id: string | undefined): string {
  if (id === undefined) return '(no id)';
  return id.length > labelLength ? `${id.slice(0, labelLength)}…` : id;
}

/** The item's id if it is a usable one, read only from JSON-safe data. */
function usableId(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null || Array.isArray(data) || !('id' in data)) return undefined;
  return graphIdSchema.safeParse(data.id).data;
}

/** For the message only: the id of an item that failed the JSON round trip, if reading it doesn't throw. */
function idOfUnreadableItem(item: unknown): string | undefined {
  try {
    return usableId(item);
  } catch {
    return undefined;
  }
}

function failure(id: string | undefined, issues: string[]): { ok: false; error: IncidentParseError } {
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  const message = `Incident ${label(id)}: ${issues[0] ?? 'could not be read'}${more}`;
  return { ok: false, error: id === undefined ? { message, issues } : { id, message, issues } };
}

/**
 * Graph data is JSON: a JSON round trip keeps exactly what JSON can carry (own enumerable data properties)
 * and leaves behind getters, inherited properties, functions and class instances. Throws on cycles and
 * BigInts; callers catch.
 */
function asJsonData(item: unknown): unknown {
  if (item === undefined) return undefined;
  return JSON.parse(JSON.stringify(item)) as unknown;
}

function parseChildren<T>(
  items: unknown[],
  schema: z.ZodType<T>,
  field: string,
  noun: string,
  incidentId: string,
  warnings: IncidentParseError[],
): T[] {
  const kept: T[] = [];
  items.forEach((item, index) => {
    const parsed = schema.safeParse(item, { reportInput: true });
    if (parsed.success) {
      kept.push(parsed.data);
      return;
    }
    const issues = parsed.error.issues.map((issue) => describeIssue(issue, [field, index]));
    const childId = usableId(item);
    const name = childId === undefined ? `${noun} ${index + 1}` : `${noun} ${label(childId)}`;
    warnings.push({
      id: incidentId,
      message: `Incident ${label(incidentId)}: ${name} dropped: ${issues[0] ?? 'could not be read'}`,
      issues,
    });
  });
  return kept;
}

/** Parses one item of a Graph incidents response. Never throws. */
export function parseIncident(item: unknown): IncidentParseResult {
  let data: unknown;
  try {
    data = asJsonData(item);
  } catch {
    return failure(idOfUnreadableItem(item), ['the item is not JSON data (a cycle, a BigInt or a throwing property)']);
  }
  const id = usableId(data);
  const envelope = incidentEnvelopeSchema.safeParse(data, { reportInput: true });
  if (!envelope.success) {
    return failure(
      id,
      envelope.error.issues.map((issue) => describeIssue(issue)),
    );
  }
  const warnings: IncidentParseError[] = [];
  const incidentId = envelope.data.id;
  const incident: GraphIncident = {
    ...envelope.data,
    alerts: parseChildren(envelope.data.alerts, graphAlertSchema, 'alerts', 'alert', incidentId, warnings),
    comments: parseChildren(envelope.data.comments, incidentCommentSchema, 'comments', 'comment', incidentId, warnings),
    recommendedHuntingQueries: parseChildren(
      envelope.data.recommendedHuntingQueries,
      recommendedHuntingQuerySchema,
      'recommendedHuntingQueries',
      'hunting query',
      incidentId,
      warnings,
    ),
  };
  return { ok: true, incident, warnings };
}

/**
 * Parses a page of incidents (a Graph response's `value`). Bad items are skipped and reported; dropped
 * alerts, comments and hunting queries are reported too, next to their incident. Never throws.
 */
export function parseIncidents(items: unknown): { incidents: GraphIncident[]; errors: IncidentParseError[] } {
  const incidents: GraphIncident[] = [];
  const errors: IncidentParseError[] = [];
  if (!Array.isArray(items)) {
    errors.push({
      message: 'Incidents: expected a list of incidents',
      issues: ['the response value must be an array'],
    });
    return { incidents, errors };
  }
  try {
    for (const item of items as unknown[]) {
      const result = parseIncident(item);
      if (result.ok) {
        incidents.push(result.incident);
        errors.push(...result.warnings);
      } else {
        errors.push(result.error);
      }
    }
  } catch {
    // Only a hostile list (a Proxy, a throwing iterator) gets here: keep what was read.
    errors.push({ message: 'Incidents: the list could not be read to the end', issues: ['reading the list threw'] });
  }
  return { incidents, errors };
}
