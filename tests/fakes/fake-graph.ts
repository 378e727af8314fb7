/**
 * Fake Microsoft Graph (graph.microsoft.com), the security incident and GDAP endpoints the extension uses:
 *
 *   GET   /{v1.0|beta}/security/incidents                 $filter $top (1..50) $skip $skiptoken $count $expand=alerts $select
 *   GET   /{v1.0|beta}/security/incidents/{id}            404 when absent
 *   GET   /{v1.0|beta}/security/incidents/{id}/alerts
 *   PATCH /{v1.0|beta}/security/incidents/{id}            Security Operator only; writable fields and values below
 *   POST  /{v1.0|beta}/security/incidents/{id}/comments   {"@odata.type":"microsoft.graph.security.alertComment","comment":"..."}
 *   GET   /beta/security/incidentTasks                    $filter `eq` (and `and`) on incidentId, status, type,
 *                                                          lastUpdateDateTime, createdDateTime, actionType only;
 *                                                          $orderby lastUpdateDateTime only; $top <= 500; $select
 *   GET   /beta/security/incidentTasks/{id}, PATCH        status only
 *   POST  /beta/security/incidentTasks/{id}/executeResponseAction   no body, 204; 400 for an action type it cannot run
 *   GET   /{v1.0|beta}/tenantRelationships/delegatedAdminRelationships
 *   GET   /{v1.0|beta}/tenantRelationships/delegatedAdminRelationships/{id}/accessAssignments   $filter status, $top <= 300
 *   GET   /{v1.0|beta}/me
 *   POST  /{v1.0|beta}/security/runHuntingQuery           advanced hunting, ThreatHunting.Read.All (fake-hunting.ts: `graph.hunting`)
 *   GET   /{v1.0|beta}/me/transitiveMemberOf/microsoft.graph.group   User.Read; an OData cast, so an advanced query:
 *                                                          ConsistencyLevel: eventual and $count=true, else 400;
 *                                                          $select, $top <= 999
 *
 * Every request needs `Authorization: Bearer <access token issued by the fake Entra, not expired>`; the
 * tenant served is the token's `tid`, reads need scope SecurityIncident.Read.All (or ReadWrite.All),
 * writes SecurityIncident.ReadWrite.All, GDAP DelegatedAdminRelationship.Read.All; the tenant's role
 * ('reader' | 'operator' | 'none') decides what the signed-in user may do there. Errors are Graph-shaped:
 * {error:{code, message, innerError:{date, request-id, client-request-id}}}.
 *
 * The Prefer rule: an incident whose status is awaitingAction is returned as unknownFutureValue (and
 * filtered as such: `status eq 'awaitingAction'` is a 400) unless the request carries
 * `Prefer: include-unknown-enum-members`, in which case the answer has `Preference-Applied`.
 * Beta-only incident properties (recommendedActions, recommendedHuntingQueries) are left out of v1.0.
 *
 * Incidents, as strict as Graph (docs/reference/graph-security-api.md, "Checked against Microsoft"):
 * - `$top` above 50 is a 400 BadRequest "The limit of '50' for Top query has been exceeded. The value from
 *   the incoming request is 'N'." (Graph's answer; never silently capped).
 * - `$filter` only on the properties List incidents documents (security-list-incidents.md): assignedTo,
 *   classification, createdDateTime, determination, lastUpdateDateTime, severity, status; comparisons
 *   eq/ne/gt/ge/lt/le joined by and/or (the extension's own polls use ge, ne and or); functions, `not`,
 *   `in`, lambdas and other properties are a 400.
 * - PATCH: only assignedTo, classification, determination, status, customTags, description, displayName,
 *   severity, resolvingComment, summary (the current "Update incident" page; the docs-contrib versions
 *   stored here, security-incident-update.md at 0113240 and 0ba9570, list only the first five, so we keep
 *   the wider list the published page gives, which includes the resolvingComment Handoff sends). status
 *   active|resolved|redirected (awaitingAction is Defender Experts' own); classification and
 *   determination only members of Microsoft's v1.0 enums (AlertClassification, AlertDetermination in
 *   @microsoft/microsoft-graph-types; the property description's older names such as compromisedUser or
 *   confirmedUserActivity are a 400), never unknownFutureValue.
 * - `hideRedirected` (GraphTenantInit or GraphTenantData.hideRedirected): lists leave out redirected
 *   (merged) incidents, as a delegated list may; a read by id still answers. `removeIncident` makes one
 *   vanish (404 by id).
 * Assumptions where Microsoft documents nothing: lists are ordered newest createdDateTime first; the
 * server-driven page size is `pageSize` (a `$top` up to 50 above it still pages through nextLink); posting
 * a comment bumps lastUpdateDateTime; $orderby and $search are refused (not documented for incidents) so
 * the extension cannot come to depend on them.
 */
import type { ServerResponse } from 'node:http';
import type { FakeClock } from './fake-clock';
import type { AccessTokenCheck, AccessTokenInfo } from './fake-entra';
import { corsHeaders, newRequestId, sendJson, type FakeRequest } from './fake-http';
import { FakeHunting, HuntingAnswer } from './fake-hunting';
import { graphTimestamp } from './graph-time';
import { compileODataFilter, ODataFilterError, type ODataSchema } from './odata-filter';
import type { IncidentTaskJson } from './graph-contract';
import type {
  DelegatedAdminAccessAssignmentJson,
  DelegatedAdminRelationshipJson,
  GraphV1,
  ODataAnnotations,
} from './graph-contract';
import { v1AlertClassifications, v1AlertDeterminations, type StoredIncidentJson } from './graph-contract';

export type GraphRole = 'reader' | 'operator' | 'none';
export type JsonObject = Record<string, unknown>;

export interface GraphTenantInit {
  displayName?: string;
  /** Graph incidents typed against Microsoft's contract (graph-contract.ts), with alerts and beta-only properties. Deep-copied. */
  incidents: readonly StoredIncidentJson[];
  /** Lists leave out redirected (merged) incidents, as a delegated list may (default false). */
  hideRedirected?: boolean;
  /** Beta incidentTasks as Graph sends them (graph-contract.ts). Deep-copied. */
  incidentTasks?: readonly IncidentTaskJson[];
  role: GraphRole;
  /** false: every /beta/ request for this tenant answers 404 (default true). */
  betaAvailable?: boolean;
}

/** A GDAP relationship as Graph returns it (Microsoft's type, graph-contract.ts). */
export type DelegatedAdminRelationship = DelegatedAdminRelationshipJson;

/** A group of the partner tenant a user is a (transitive) member of, as /me/transitiveMemberOf lists it. */
export type MemberGroupJson = Pick<GraphV1.Group, 'id' | 'displayName'> & ODataAnnotations;

const INCIDENT_STATUSES = ['active', 'inProgress', 'awaitingAction', 'resolved', 'redirected', 'unknownFutureValue'];
const SEVERITIES = ['unknown', 'informational', 'low', 'medium', 'high', 'unknownFutureValue'];
const CLASSIFICATIONS: readonly string[] = v1AlertClassifications;
/** Microsoft's v1.0 AlertDetermination enum (the docs' property text still shows older names). */
const DETERMINATIONS: readonly string[] = v1AlertDeterminations;
/** Graph's limit for $top on /security/incidents. */
export const INCIDENTS_MAX_TOP = 50;
/** Evolvable enum members: only returned with Prefer: include-unknown-enum-members. */
const EVOLVABLE_STATUSES: ReadonlySet<string> = new Set(['awaitingAction']);
const SETTABLE_STATUSES = ['active', 'resolved', 'redirected'];
const PATCHABLE_INCIDENT_PROPERTIES: ReadonlySet<string> = new Set([
  'assignedTo',
  'classification',
  'determination',
  'customTags',
  'description',
  'displayName',
  'severity',
  'resolvingComment',
  'status',
  'summary',
]);
const BETA_ONLY_INCIDENT_PROPERTIES = ['recommendedActions', 'recommendedHuntingQueries'];
const TASK_STATUSES = ['open', 'inProgress', 'completed', 'failed', 'notRelevant', 'unknownFutureValue'];
const GDAP_STATUSES = [
  'activating',
  'active',
  'approvalPending',
  'approved',
  'created',
  'expired',
  'expiring',
  'terminated',
  'terminating',
  'terminationRequested',
  'unknownFutureValue',
];
const READ_SCOPES = ['SecurityIncident.Read.All', 'SecurityIncident.ReadWrite.All'];
const WRITE_SCOPES = ['SecurityIncident.ReadWrite.All'];
const GDAP_SCOPES = ['DelegatedAdminRelationship.Read.All', 'DelegatedAdminRelationship.ReadWrite.All'];
/** List a user's memberships (user-list-transitivememberof.md), delegated permissions. */
const MEMBER_OF_SCOPES = ['User.Read', 'User.Read.All', 'GroupMember.Read.All', 'Group.Read.All', 'Directory.Read.All', 'Directory.ReadWrite.All'];
const ACCESS_ASSIGNMENT_STATUSES = ['pending', 'active', 'deleting', 'deleted', 'error', 'unknownFutureValue'];
const PREFER_UNKNOWN_ENUMS = 'include-unknown-enum-members';

function incidentSchema(includeUnknownEnumMembers: boolean): ODataSchema {
  return {
    entityName: 'microsoft.graph.security.incident',
    properties: {
      assignedTo: { kind: 'string' },
      classification: { kind: 'enum', members: CLASSIFICATIONS },
      createdDateTime: { kind: 'datetime' },
      determination: { kind: 'enum', members: DETERMINATIONS },
      lastUpdateDateTime: { kind: 'datetime' },
      severity: { kind: 'enum', members: SEVERITIES },
      status: {
        kind: 'enum',
        members: includeUnknownEnumMembers ? INCIDENT_STATUSES : INCIDENT_STATUSES.filter((s) => !EVOLVABLE_STATUSES.has(s)),
      },
    },
  };
}

/**
 * The task list's documented $filter names (security-list-incidenttasks.md), `eq` only, and the task
 * property each one compares: some are not the task's property names.
 */
const TASK_FILTER_PROPERTIES: Readonly<Record<string, (task: JsonObject) => unknown>> = {
  incidentId: (task) => (isObject(task['incident']) ? task['incident']['id'] : undefined),
  status: (task) => task['status'],
  type: (task) => task['source'],
  lastUpdateDateTime: (task) => task['lastModifiedDateTime'],
  createdDateTime: (task) => task['createdDateTime'],
  actionType: (task) => task['actionType'],
};
/** Graph's $top default and maximum for incidentTasks. */
const TASK_PAGE_SIZE = 500;
/** The action types executeResponseAction runs (security-incidenttask-executeresponseaction.md); others: 400. */
const EXECUTABLE_TASK_ACTIONS: ReadonlySet<string> = new Set([
  'collectInvestigationPackage',
  'isolateDevice',
  'unRestrictAppExecution',
  'unIsolateDevice',
  'restrictAppExecution',
  'runAntiVirusScan',
  'stopAndQuarantineFile',
  'submitIocRule',
]);
/** What a route answers for 204 No Content. */
const NO_CONTENT = Symbol('no content');

const ACCESS_ASSIGNMENT_SCHEMA: ODataSchema = {
  entityName: 'microsoft.graph.delegatedAdminAccessAssignment',
  properties: { status: { kind: 'enum', members: ACCESS_ASSIGNMENT_STATUSES } },
};

const GDAP_SCHEMA: ODataSchema = {
  entityName: 'microsoft.graph.delegatedAdminRelationship',
  properties: {
    status: { kind: 'enum', members: GDAP_STATUSES },
    displayName: { kind: 'string' },
    'customer/tenantId': { kind: 'string' },
    'customer/displayName': { kind: 'string' },
  },
};

class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function isObject(value: unknown): value is JsonObject {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

/** One tenant's live data. Change it freely from a test; the next request sees it. */
export class GraphTenantData {
  displayName: string | undefined;
  role: GraphRole;
  betaAvailable: boolean;
  /** Lists leave out redirected (merged) incidents, as a delegated list may; reads by id still answer. */
  hideRedirected: boolean;
  /** Raw, possibly malformed, incident JSON. */
  readonly incidents: JsonObject[];
  readonly incidentTasks: JsonObject[];

  constructor(
    readonly tenantId: string,
    init: GraphTenantInit,
    private readonly clock: FakeClock,
  ) {
    this.displayName = init.displayName;
    this.role = init.role;
    this.betaAvailable = init.betaAvailable ?? true;
    this.hideRedirected = init.hideRedirected ?? false;
    this.incidents = clone([...init.incidents]) as JsonObject[];
    this.incidentTasks = clone([...(init.incidentTasks ?? [])]) as JsonObject[];
  }

  incident(id: string): JsonObject | undefined {
    return this.incidents.find((incident) => isObject(incident) && incident['id'] === id);
  }

  incidentTask(id: string): JsonObject | undefined {
    return this.incidentTasks.find((task) => isObject(task) && task['id'] === id);
  }

  /**
   * Changes an incident as if it changed upstream (Defender Experts, another analyst): merges the
   * changes and sets lastUpdateDateTime to the fake clock's now, unless the changes set it.
   */
  updateIncident(id: string, changes: StoredIncidentJson): JsonObject {
    const incident = this.incident(id);
    if (!incident) throw new Error(`no incident ${id} in tenant ${this.tenantId}`);
    Object.assign(incident, clone(changes));
    if (!('lastUpdateDateTime' in changes)) incident['lastUpdateDateTime'] = graphTimestamp(this.clock.now());
    return incident;
  }

  /** Adds (or replaces, by id) an incident; lastUpdateDateTime defaults to now. */
  addIncident(incident: StoredIncidentJson): JsonObject {
    const copy = clone(incident) as JsonObject;
    copy['lastUpdateDateTime'] ??= graphTimestamp(this.clock.now());
    const index = this.incidents.findIndex((existing) => isObject(existing) && existing['id'] === copy['id']);
    if (index >= 0) this.incidents[index] = copy;
    else this.incidents.push(copy);
    return copy;
  }

  /** Removes an incident as if it vanished upstream: lists leave it out and a read by id answers 404. */
  removeIncident(id: string): void {
    const index = this.incidents.findIndex((incident) => isObject(incident) && incident['id'] === id);
    if (index < 0) throw new Error(`no incident ${id} in tenant ${this.tenantId}`);
    this.incidents.splice(index, 1);
  }

  /**
   * Changes a task as if it changed upstream: merges the changes and sets lastModifiedDateTime to the
   * fake clock's now, unless the changes set it.
   */
  updateIncidentTask(id: string, changes: IncidentTaskJson): JsonObject {
    const task = this.incidentTask(id);
    if (!task) throw new Error(`no incident task ${id} in tenant ${this.tenantId}`);
    Object.assign(task, clone(changes));
    if (!('lastModifiedDateTime' in changes)) task['lastModifiedDateTime'] = graphTimestamp(this.clock.now());
    return task;
  }
}

interface ListOptions {
  version: string;
  query: URLSearchParams;
  schema: ODataSchema;
  /** The collection URL path for @odata.nextLink, e.g. /v1.0/security/incidents */
  path: string;
  context: string;
  allowedExpand: readonly string[];
  /** Graph's limit for $top on this endpoint: above it is a 400 (Graph's message), never a silent cap. */
  maxTop?: number;
}

export class FakeGraph {
  /** Default and maximum page size ($top larger than this is capped; the rest comes through nextLink). */
  pageSize = 50;
  readonly #tenants = new Map<string, GraphTenantData>();
  readonly #relationships = new Map<string, DelegatedAdminRelationship[]>();
  readonly #accessAssignments = new Map<string, DelegatedAdminAccessAssignmentJson[]>();
  readonly #memberGroups = new Map<string, MemberGroupJson[]>();
  /** Advanced hunting's tables, quotas and scripted answers per tenant (fake-hunting.ts). */
  readonly hunting = new FakeHunting(() => this.clock.now());

  constructor(
    private readonly clock: FakeClock,
    private readonly checkToken: (token: string | undefined) => AccessTokenCheck,
  ) {}

  reset(): void {
    this.pageSize = 50;
    this.#tenants.clear();
    this.#relationships.clear();
    this.#accessAssignments.clear();
    this.#memberGroups.clear();
    this.hunting.reset();
  }

  setTenant(tenantId: string, init: GraphTenantInit): GraphTenantData {
    const data = new GraphTenantData(tenantId.toLowerCase(), init, this.clock);
    this.#tenants.set(data.tenantId, data);
    return data;
  }

  hasTenant(tenantId: string): boolean {
    return this.#tenants.has(tenantId.toLowerCase());
  }

  /** The live data of a tenant set with setTenant(); throws for an unknown tenant. */
  tenant(tenantId: string): GraphTenantData {
    const data = this.#tenants.get(tenantId.toLowerCase());
    if (!data) throw new Error(`fake Graph has no tenant ${tenantId}`);
    return data;
  }

  removeTenant(tenantId: string): void {
    this.#tenants.delete(tenantId.toLowerCase());
  }

  setBetaAvailable(tenantId: string, available: boolean): void {
    this.tenant(tenantId).betaAvailable = available;
  }

  /** The GDAP relationships Graph returns to a token of the partner's (home) tenant. Deep-copied. */
  setDelegatedAdminRelationships(partnerTenantId: string, relationships: readonly DelegatedAdminRelationship[]): void {
    this.#relationships.set(partnerTenantId.toLowerCase(), clone([...relationships]));
  }

  delegatedAdminRelationships(partnerTenantId: string): DelegatedAdminRelationship[] {
    return this.#relationships.get(partnerTenantId.toLowerCase()) ?? [];
  }

  /** One relationship's access assignments (roles given to partner security groups). Deep-copied. */
  setDelegatedAdminAccessAssignments(relationshipId: string, assignments: readonly DelegatedAdminAccessAssignmentJson[]): void {
    this.#accessAssignments.set(relationshipId, clone([...assignments]));
  }

  /** The groups of the partner tenant a user (by object id) is a direct or transitive member of. Deep-copied. */
  setMemberGroups(userObjectId: string, groups: readonly MemberGroupJson[]): void {
    this.#memberGroups.set(userObjectId.toLowerCase(), clone([...groups]));
  }

  // ---- HTTP ---------------------------------------------------------------------------------

  async handle(request: FakeRequest, response: ServerResponse): Promise<void> {
    const requestId = newRequestId();
    const clientRequestId = request.headers['client-request-id'] ?? requestId;
    const headers: Record<string, string> = {
      ...corsHeaders(request, {
        allowMethods: 'GET, POST, PATCH, PUT, DELETE, OPTIONS',
        exposeHeaders: 'Retry-After, request-id, client-request-id, Preference-Applied, Location, WWW-Authenticate',
      }),
      'request-id': requestId,
      'client-request-id': clientRequestId,
    };
    if (request.method === 'OPTIONS') {
      response.writeHead(204, headers);
      response.end();
      return;
    }
    try {
      const body = await this.route(request, headers);
      if (body instanceof HuntingAnswer) return body.send(response, headers);
      if (body === NO_CONTENT) {
        response.writeHead(204, headers);
        response.end();
        return;
      }
      sendJson(response, 200, body, {
        ...headers,
        'content-type': 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8',
      });
    } catch (error) {
      if (!(error instanceof GraphError)) throw error;
      if (error.status === 401) {
        headers['www-authenticate'] =
          'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"';
      }
      sendJson(
        response,
        error.status,
        {
          error: {
            code: error.code,
            message: error.message,
            innerError: { date: new Date().toISOString().replace(/\.\d+Z$/, ''), 'request-id': requestId, 'client-request-id': clientRequestId },
          },
        },
        headers,
      );
    }
  }

  private route(request: FakeRequest, headers: Record<string, string>): unknown {
    const segments = request.url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const [version, ...rest] = segments;
    if (version !== 'v1.0' && version !== 'beta') {
      throw new GraphError(400, 'BadRequest', `Invalid version: ${version ?? ''}`);
    }
    const token = this.authenticate(request);
    const path = rest.join('/');
    const method = request.method;

    if (path === 'me') {
      this.requireMethod(method, ['GET']);
      return {
        '@odata.context': `https://graph.microsoft.com/${version}/$metadata#users/$entity`,
        id: token.oid,
        displayName: token.displayName,
        userPrincipalName: token.upn,
        mail: token.upn,
      };
    }
    if (path === 'me/transitiveMemberOf/microsoft.graph.group') {
      this.requireMethod(method, ['GET']);
      this.requireScope(token, MEMBER_OF_SCOPES);
      return this.listMemberGroups(token, request, version);
    }
    if (rest[0] === 'tenantRelationships' && rest[1] === 'delegatedAdminRelationships' && rest[3] === 'accessAssignments' && rest.length === 4) {
      this.requireMethod(method, ['GET']);
      this.requireScope(token, GDAP_SCOPES);
      if (version === 'beta') this.requireBeta(token.tenantId);
      const id = rest[2] ?? '';
      if (!this.delegatedAdminRelationships(token.tenantId).some((relationship) => relationship.id === id)) {
        throw new GraphError(404, 'NotFound', `The delegated admin relationship with ID ${id} was not found.`);
      }
      return this.list(this.#accessAssignments.get(id) ?? [], {
        version,
        query: request.url.searchParams,
        schema: ACCESS_ASSIGNMENT_SCHEMA,
        path: `/${version}/tenantRelationships/delegatedAdminRelationships/${encodeURIComponent(id)}/accessAssignments`,
        context: `https://graph.microsoft.com/${version}/tenantRelationships/$metadata#accessAssignments`,
        allowedExpand: [],
        maxTop: 300,
      });
    }
    if (path === 'tenantRelationships/delegatedAdminRelationships') {
      this.requireMethod(method, ['GET']);
      this.requireScope(token, GDAP_SCOPES);
      if (version === 'beta') this.requireBeta(token.tenantId);
      return this.list(this.delegatedAdminRelationships(token.tenantId), {
        version,
        query: request.url.searchParams,
        schema: GDAP_SCHEMA,
        path: `/${version}/tenantRelationships/delegatedAdminRelationships`,
        context: `https://graph.microsoft.com/${version}/$metadata#tenantRelationships/delegatedAdminRelationships`,
        allowedExpand: [],
      });
    }
    if (rest[0] !== 'security') throw new GraphError(400, 'BadRequest', `Resource not found for the segment '${rest[0] ?? ''}'.`);
    const collection = rest[1];
    const includeUnknown = this.prefersUnknownEnumMembers(request);
    if (collection === 'runHuntingQuery' && rest.length === 2) {
      this.requireMethod(method, ['POST']);
      if (version === 'beta') this.requireBeta(token.tenantId);
      const role = this.#tenants.get(token.tenantId)?.role;
      return this.hunting.run(request, { tenantId: token.tenantId, clientId: token.clientId, scopes: token.scopes, role });
    }
    if (collection === 'incidents') {
      const tenant = this.readableTenant(token, version);
      const id = rest[2];
      if (id === undefined) {
        this.requireMethod(method, ['GET']);
        if (includeUnknown) headers['preference-applied'] = PREFER_UNKNOWN_ENUMS;
        return this.listIncidents(tenant, request, version, includeUnknown);
      }
      const navigation = rest[3];
      if (navigation === undefined) {
        this.requireMethod(method, ['GET', 'PATCH']);
        if (includeUnknown) headers['preference-applied'] = PREFER_UNKNOWN_ENUMS;
        if (method === 'PATCH') return this.patchIncident(tenant, token, id, request, version, includeUnknown);
        const incident = this.findIncident(tenant, id);
        const expand = this.parseExpand(request.url.searchParams, ['alerts']);
        return {
          '@odata.context': `https://graph.microsoft.com/${version}/$metadata#security/incidents/$entity`,
          ...this.presentIncident(incident, version, expand.includes('alerts'), includeUnknown, request.url.searchParams.get('$select')),
        };
      }
      if (navigation === 'alerts' && rest.length === 4) {
        this.requireMethod(method, ['GET']);
        const incident = this.findIncident(tenant, id);
        const alerts = Array.isArray(incident['alerts']) ? incident['alerts'] : [];
        return {
          '@odata.context': `https://graph.microsoft.com/${version}/$metadata#security/incidents('${id}')/alerts`,
          value: clone(alerts),
        };
      }
      if (navigation === 'comments' && rest.length === 4) {
        this.requireMethod(method, ['POST']);
        return this.postComment(tenant, token, id, request, version);
      }
      throw new GraphError(400, 'BadRequest', `Resource not found for the segment '${navigation}'.`);
    }
    if (collection === 'incidentTasks') {
      if (version !== 'beta') throw new GraphError(400, 'BadRequest', "Resource not found for the segment 'incidentTasks'.");
      const tenant = this.readableTenant(token, version);
      const id = rest[2];
      if (id === undefined) {
        this.requireMethod(method, ['GET']);
        return this.listTasks(tenant.incidentTasks, request.url.searchParams, version);
      }
      if (rest[3] === 'executeResponseAction' && rest.length === 4) {
        this.requireMethod(method, ['POST']);
        return this.executeTaskAction(tenant, token, id);
      }
      if (rest.length !== 3) throw new GraphError(400, 'BadRequest', `Resource not found for the segment '${rest[3]}'.`);
      this.requireMethod(method, ['GET', 'PATCH']);
      const task = tenant.incidentTask(id);
      if (!task) throw new GraphError(404, 'NotFound', `Incident task ${id} was not found.`);
      if (request.url.searchParams.size > 0) throw new GraphError(400, 'BadRequest', 'Query options are not supported on an incident task.');
      if (method === 'PATCH') return this.patchTask(tenant, token, task, request, version);
      return { '@odata.context': `https://graph.microsoft.com/${version}/$metadata#security/incidentTasks/$entity`, ...clone(task) };
    }
    throw new GraphError(400, 'BadRequest', `Resource not found for the segment '${collection ?? 'security'}'.`);
  }

  private authenticate(request: FakeRequest): AccessTokenInfo {
    const authorization = request.headers['authorization'] ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    const result = this.checkToken(match?.[1]);
    if (result.ok) return result.info;
    const message =
      result.reason === 'missing'
        ? 'Access token is empty.'
        : result.reason === 'expired'
          ? 'Lifetime validation failed, the token is expired.'
          : 'Access token validation failure. Invalid audience.';
    throw new GraphError(401, 'InvalidAuthenticationToken', message);
  }

  /** /me/transitiveMemberOf/microsoft.graph.group: the cast is an advanced query (ConsistencyLevel + $count). */
  private listMemberGroups(token: AccessTokenInfo, request: FakeRequest, version: string): JsonObject {
    const query = request.url.searchParams;
    if ((request.headers['consistencylevel'] ?? '').toLowerCase() !== 'eventual' || query.get('$count') !== 'true') {
      throw new GraphError(
        400,
        'Request_UnsupportedQuery',
        'OData cast is not supported because the required parameters might be missing. Try adding $count=true query parameter and ConsistencyLevel:eventual header. Refer to https://aka.ms/graph-docs/advanced-queries for more information',
      );
    }
    const select = (query.get('$select') ?? '').split(',').map((name) => name.trim()).filter(Boolean);
    const groups = (this.#memberGroups.get(token.oid.toLowerCase()) ?? []).map((group) => {
      const item: JsonObject = { '@odata.type': '#microsoft.graph.group' };
      for (const [name, value] of Object.entries(group)) if (select.length === 0 || select.includes(name)) item[name] = value;
      return item;
    });
    return this.list(groups, {
      version,
      query,
      schema: { entityName: 'microsoft.graph.group', properties: { displayName: { kind: 'string' } } },
      path: `/${version}/me/transitiveMemberOf/microsoft.graph.group`,
      context: `https://graph.microsoft.com/${version}/$metadata#groups`,
      allowedExpand: [],
      maxTop: 999,
    });
  }

  private requireMethod(method: string, allowed: string[]): void {
    if (!allowed.includes(method)) {
      throw new GraphError(405, 'BadRequest', `The HTTP method '${method}' is not allowed for this resource.`);
    }
  }

  private requireScope(token: AccessTokenInfo, anyOf: string[]): void {
    if (!anyOf.some((scope) => token.scopes.includes(scope))) {
      throw new GraphError(
        403,
        'Forbidden',
        `Missing scope permissions on the request. API requires one of '${anyOf.join(', ')}'. Scopes on the request '${token.scopes.join(', ')}'`,
      );
    }
  }

  private requireBeta(tenantId: string): void {
    const tenant = this.#tenants.get(tenantId);
    if (tenant && !tenant.betaAvailable) {
      throw new GraphError(404, 'ResourceNotFound', 'The beta endpoint is not available for this tenant.');
    }
  }

  /** The token's tenant, after the read scope, the beta switch and the role are checked. */
  private readableTenant(token: AccessTokenInfo, version: string): GraphTenantData {
    if (version === 'beta') this.requireBeta(token.tenantId);
    this.requireScope(token, READ_SCOPES);
    const tenant = this.#tenants.get(token.tenantId);
    if (!tenant || tenant.role === 'none') {
      throw new GraphError(403, 'Forbidden', 'The user does not have a role in this tenant that allows reading security incidents.');
    }
    return tenant;
  }

  private writableTenant(tenant: GraphTenantData, token: AccessTokenInfo): void {
    this.requireScope(token, WRITE_SCOPES);
    if (tenant.role !== 'operator') {
      throw new GraphError(403, 'Forbidden', 'The user does not have a role in this tenant that allows updating security incidents (Security Operator or Security Administrator is required).');
    }
  }

  private prefersUnknownEnumMembers(request: FakeRequest): boolean {
    return (request.headers['prefer'] ?? '')
      .split(',')
      .some((preference) => preference.trim().toLowerCase() === PREFER_UNKNOWN_ENUMS);
  }

  private findIncident(tenant: GraphTenantData, id: string): JsonObject {
    const incident = tenant.incident(id);
    if (!incident) throw new GraphError(404, 'NotFound', `Incident ${id} was not found.`);
    return incident;
  }

  private parseExpand(query: URLSearchParams, allowed: readonly string[]): string[] {
    const expand = (query.get('$expand') ?? '')
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean);
    for (const name of expand) {
      if (!allowed.includes(name)) throw new GraphError(400, 'BadRequest', `Could not find a property named '${name}' to expand.`);
    }
    return expand;
  }

  /** The incident as this request sees it: Prefer rule, v1.0 vs beta properties, $expand, $select. */
  private presentIncident(
    raw: unknown,
    version: string,
    expandAlerts: boolean,
    includeUnknown: boolean,
    select: string | null,
  ): JsonObject {
    if (!isObject(raw)) return raw as JsonObject;
    const incident = clone(raw);
    if (version === 'v1.0') for (const property of BETA_ONLY_INCIDENT_PROPERTIES) delete incident[property];
    if (!includeUnknown && typeof incident['status'] === 'string' && EVOLVABLE_STATUSES.has(incident['status'])) {
      incident['status'] = 'unknownFutureValue';
    }
    if (expandAlerts) incident['alerts'] = Array.isArray(incident['alerts']) ? incident['alerts'] : [];
    else delete incident['alerts'];
    if (!select) return incident;
    const keep = new Set(['id', ...select.split(',').map((part) => part.trim()), ...(expandAlerts ? ['alerts'] : [])]);
    return Object.fromEntries(Object.entries(incident).filter(([key]) => keep.has(key)));
  }

  private listIncidents(tenant: GraphTenantData, request: FakeRequest, version: string, includeUnknown: boolean): unknown {
    const query = request.url.searchParams;
    const expand = this.parseExpand(query, ['alerts']);
    const listed = tenant.hideRedirected
      ? tenant.incidents.filter((incident) => !(isObject(incident) && incident['status'] === 'redirected'))
      : tenant.incidents;
    const presented = listed.map((incident) =>
      this.presentIncident(incident, version, expand.includes('alerts'), includeUnknown, query.get('$select')),
    );
    // Filter on what the caller sees (awaitingAction is unknownFutureValue without the Prefer header).
    return this.list(sortNewestFirst(presented), {
      version,
      query,
      schema: incidentSchema(includeUnknown),
      path: `/${version}/security/incidents`,
      context: `https://graph.microsoft.com/${version}/$metadata#security/incidents${expand.includes('alerts') ? '(alerts())' : ''}`,
      allowedExpand: ['alerts'],
      maxTop: INCIDENTS_MAX_TOP,
    });
  }

  /** $filter, $top/$skip/$skiptoken paging, $count; expects the items already shaped for the response. */
  private list(items: readonly unknown[], options: ListOptions): JsonObject {
    const { query } = options;
    for (const option of ['$orderby', '$search']) {
      if (query.has(option)) throw new GraphError(400, 'BadRequest', `Query option '${option}' is not allowed for this resource.`);
    }
    this.parseExpand(query, options.allowedExpand);
    const filterText = query.get('$filter');
    let matching = [...items];
    if (filterText !== null) {
      try {
        const predicate = compileODataFilter(filterText, options.schema);
        matching = matching.filter((item) => predicate(item));
      } catch (error) {
        if (error instanceof ODataFilterError) throw new GraphError(400, 'BadRequest', error.message);
        throw error;
      }
    }
    const topText = query.get('$top');
    let pageSize = this.pageSize;
    if (topText !== null) {
      const top = Number(topText);
      if (!/^\d+$/.test(topText) || top < 1) throw new GraphError(400, 'BadRequest', `Invalid value '${topText}' for query option '$top'.`);
      if (options.maxTop !== undefined && top > options.maxTop) {
        throw new GraphError(
          400,
          'BadRequest',
          `The limit of '${options.maxTop}' for Top query has been exceeded. The value from the incoming request is '${topText}'.`,
        );
      }
      pageSize = Math.min(top, this.pageSize);
    }
    let offset = 0;
    const skipText = query.get('$skip');
    if (skipText !== null) {
      if (!/^\d+$/.test(skipText)) throw new GraphError(400, 'BadRequest', `Invalid value '${skipText}' for query option '$skip'.`);
      offset = Number(skipText);
    }
    const skipToken = query.get('$skiptoken');
    if (skipToken !== null) offset = decodeSkipToken(skipToken);

    const page = matching.slice(offset, offset + pageSize);
    const body: JsonObject = { '@odata.context': options.context };
    if (query.get('$count') === 'true') body['@odata.count'] = matching.length;
    if (offset + pageSize < matching.length) {
      const params: string[] = [];
      for (const [key, value] of query) {
        if (key === '$skip' || key === '$skiptoken') continue;
        params.push(`${key}=${encodeURIComponent(value)}`);
      }
      params.push(`$skiptoken=${encodeSkipToken(offset + pageSize)}`);
      body['@odata.nextLink'] = `https://graph.microsoft.com${options.path}?${params.join('&')}`;
    }
    body['value'] = page;
    return body;
  }

  private parseJsonBody(request: FakeRequest): JsonObject {
    const contentType = (request.headers['content-type'] ?? '').toLowerCase();
    let body: unknown;
    try {
      if (!contentType.includes('application/json')) throw new Error('not JSON');
      body = JSON.parse(request.bodyText);
    } catch {
      throw new GraphError(400, 'BadRequest', 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.');
    }
    if (!isObject(body)) throw new GraphError(400, 'BadRequest', 'The request payload must be a JSON object.');
    return body;
  }

  private patchIncident(
    tenant: GraphTenantData,
    token: AccessTokenInfo,
    id: string,
    request: FakeRequest,
    version: string,
    includeUnknown: boolean,
  ): unknown {
    this.writableTenant(tenant, token);
    const incident = this.findIncident(tenant, id);
    if (incident['status'] === 'redirected') {
      throw new GraphError(400, 'BadRequest', `Incident ${id} was redirected to incident ${String(incident['redirectIncidentId'] ?? '')} and can't be updated.`);
    }
    const body = this.parseJsonBody(request);
    const changes: JsonObject = {};
    for (const [key, value] of Object.entries(body)) {
      if (key.startsWith('@odata.')) continue;
      if (!PATCHABLE_INCIDENT_PROPERTIES.has(key)) {
        throw new GraphError(400, 'BadRequest', `Property '${key}' can't be updated on an incident.`);
      }
      changes[key] = value;
    }
    const invalid = (property: string, value: unknown): GraphError =>
      new GraphError(400, 'BadRequest', `Invalid value '${String(value)}' for property '${property}'.`);
    if ('status' in changes && !SETTABLE_STATUSES.includes(changes['status'] as string)) throw invalid('status', changes['status']);
    if ('severity' in changes && !SEVERITIES.slice(0, -1).includes(changes['severity'] as string)) throw invalid('severity', changes['severity']);
    // Only Microsoft's v1.0 enum members, never unknownFutureValue (the docs' older names are a 400).
    const settableMember = (members: readonly string[], value: unknown): boolean =>
      typeof value === 'string' && value !== 'unknownFutureValue' && members.includes(value);
    if ('classification' in changes && !settableMember(CLASSIFICATIONS, changes['classification'])) {
      throw invalid('classification', changes['classification']);
    }
    if ('determination' in changes && !settableMember(DETERMINATIONS, changes['determination'])) {
      throw invalid('determination', changes['determination']);
    }
    if ('customTags' in changes && !(Array.isArray(changes['customTags']) && changes['customTags'].every((tag) => typeof tag === 'string'))) {
      throw invalid('customTags', changes['customTags']);
    }
    for (const property of ['assignedTo', 'description', 'displayName', 'resolvingComment', 'summary']) {
      if (property in changes && changes[property] !== null && typeof changes[property] !== 'string') throw invalid(property, changes[property]);
    }
    tenant.updateIncident(id, { ...changes, lastModifiedBy: token.upn } as StoredIncidentJson);
    return {
      '@odata.context': `https://graph.microsoft.com/${version}/$metadata#security/incidents/$entity`,
      ...this.presentIncident(incident, version, false, includeUnknown, null),
    };
  }

  private postComment(tenant: GraphTenantData, token: AccessTokenInfo, id: string, request: FakeRequest, version: string): unknown {
    this.writableTenant(tenant, token);
    const incident = this.findIncident(tenant, id);
    if (incident['status'] === 'redirected') {
      throw new GraphError(400, 'BadRequest', `Incident ${id} was redirected to incident ${String(incident['redirectIncidentId'] ?? '')} and can't be updated.`);
    }
    const body = this.parseJsonBody(request);
    const comment = body['comment'];
    if (typeof comment !== 'string' || comment.trim() === '') {
      throw new GraphError(400, 'BadRequest', "The property 'comment' is required and must be a non-empty string.");
    }
    const comments = Array.isArray(incident['comments']) ? [...(incident['comments'] as unknown[])] : [];
    comments.push({ comment, createdByDisplayName: token.upn, createdDateTime: graphTimestamp(this.clock.now()) });
    tenant.updateIncident(id, { comments } as StoredIncidentJson);
    return {
      '@odata.context': `https://graph.microsoft.com/${version}/$metadata#Collection(microsoft.graph.security.alertComment)`,
      value: clone(comments),
    };
  }

  private patchTask(tenant: GraphTenantData, token: AccessTokenInfo, task: JsonObject, request: FakeRequest, version: string): unknown {
    this.writableTenant(tenant, token);
    const body = this.parseJsonBody(request);
    const changes: JsonObject = {};
    for (const [key, value] of Object.entries(body)) {
      if (key.startsWith('@odata.')) continue;
      if (key !== 'status') throw new GraphError(400, 'BadRequest', `Property '${key}' can't be updated on an incident task.`);
      if (!TASK_STATUSES.slice(0, -1).includes(value as string)) {
        throw new GraphError(400, 'BadRequest', `Invalid value '${String(value)}' for property 'status'.`);
      }
      changes[key] = value;
    }
    const updated = tenant.updateIncidentTask(String(task['id']), { ...changes, lastModifiedByDisplayName: token.displayName });
    return { '@odata.context': `https://graph.microsoft.com/${version}/$metadata#security/incidentTasks/$entity`, ...clone(updated) };
  }

  /** POST .../executeResponseAction: 404 unknown id, 400 an action type Graph cannot run, else 204 and the action starts. */
  private executeTaskAction(tenant: GraphTenantData, token: AccessTokenInfo, id: string): typeof NO_CONTENT {
    this.writableTenant(tenant, token);
    const task = tenant.incidentTask(id);
    if (!task) throw new GraphError(404, 'NotFound', `Incident task ${id} was not found.`);
    const actionType = String(task['actionType'] ?? 'text');
    if (!EXECUTABLE_TASK_ACTIONS.has(actionType)) {
      throw new GraphError(400, 'BadRequest', `Response action '${actionType}' can't be executed through this API.`);
    }
    tenant.updateIncidentTask(id, { actionStatus: 'inProgress', lastModifiedByDisplayName: token.displayName });
    return NO_CONTENT;
  }

  /** The task list: documented $filter (eq on the documented names), $orderby lastUpdateDateTime, $top <= 500, $select. */
  private listTasks(tasks: readonly JsonObject[], query: URLSearchParams, version: string): JsonObject {
    const allowed = new Set(['$filter', '$orderby', '$top', '$select', '$skiptoken']);
    for (const key of query.keys()) {
      if (!allowed.has(key)) throw new GraphError(400, 'BadRequest', `Query option '${key}' is not allowed for incident tasks.`);
    }
    let matching = [...tasks];
    const filter = query.get('$filter');
    if (filter !== null) {
      for (const clause of filter.trim().split(/\s+and\s+/i)) {
        const match = /^([A-Za-z]+)\s+eq\s+(?:'((?:[^']|'')*)'|([0-9TZ:.+-]+))$/.exec(clause.trim());
        const read = match ? TASK_FILTER_PROPERTIES[match[1]!] : undefined;
        if (!match || !read) throw new GraphError(400, 'BadRequest', `Invalid filter clause '${clause}': only 'eq' on incidentId, status, type, lastUpdateDateTime, createdDateTime or actionType.`);
        const value = match[2] !== undefined ? match[2].replace(/''/g, "'") : match[3]!;
        matching = matching.filter((task) => String(read(task) ?? '') === value);
      }
    }
    const orderby = query.get('$orderby');
    if (orderby !== null) {
      const order = /^lastUpdateDateTime(?:\s+(asc|desc))?$/.exec(orderby.trim());
      if (!order) throw new GraphError(400, 'BadRequest', `Order by '${orderby}' is not supported: only lastUpdateDateTime.`);
      const key = (task: JsonObject) => String(task['lastModifiedDateTime'] ?? '');
      matching.sort((a, b) => (order[1] === 'desc' ? key(b).localeCompare(key(a)) : key(a).localeCompare(key(b))));
    }
    const topText = query.get('$top');
    let top = TASK_PAGE_SIZE;
    if (topText !== null) {
      top = Number(topText);
      if (!/^\d+$/.test(topText) || top < 1 || top > TASK_PAGE_SIZE) {
        throw new GraphError(400, 'BadRequest', `Invalid value '${topText}' for query option '$top': at most ${TASK_PAGE_SIZE}.`);
      }
    }
    const skipToken = query.get('$skiptoken');
    const offset = skipToken === null ? 0 : decodeSkipToken(skipToken);
    const select = query.get('$select');
    const keep = select === null ? null : new Set(['id', ...select.split(',').map((part) => part.trim())]);
    const page = matching
      .slice(offset, offset + top)
      .map((task) => (keep ? Object.fromEntries(Object.entries(clone(task)).filter(([key]) => keep.has(key))) : clone(task)));
    const body: JsonObject = { '@odata.context': `https://graph.microsoft.com/${version}/$metadata#security/incidentTasks` };
    if (offset + top < matching.length) {
      const params = [...query].filter(([key]) => key !== '$skiptoken').map(([key, value]) => `${key}=${encodeURIComponent(value)}`);
      params.push(`$skiptoken=${encodeSkipToken(offset + top)}`);
      body['@odata.nextLink'] = `https://graph.microsoft.com/${version}/security/incidentTasks?${params.join('&')}`;
    }
    body['value'] = page;
    return body;
  }
}

function sortNewestFirst(items: JsonObject[]): JsonObject[] {
  const key = (item: JsonObject): string => (isObject(item) && typeof item['createdDateTime'] === 'string' ? item['createdDateTime'] : '');
  const id = (item: JsonObject): string => (isObject(item) && typeof item['id'] === 'string' ? item['id'] : '');
  return [...items].sort((a, b) => key(b).localeCompare(key(a)) || id(b).localeCompare(id(a)));
}

function encodeSkipToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset }), 'utf8').toString('base64url');
}

function decodeSkipToken(token: string): number {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (isObject(parsed) && typeof parsed['offset'] === 'number' && Number.isInteger(parsed['offset']) && parsed['offset'] >= 0) {
      return parsed['offset'];
    }
  } catch {
    // fall through
  }
  throw new GraphError(400, 'BadRequest', 'The $skiptoken is invalid or expired.');
}
