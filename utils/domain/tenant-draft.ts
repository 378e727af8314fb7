import { tenantConfigSchema, tenantKey, type TenantConfig } from './settings';

export interface TenantDraftInput {
  tenantId: string;
  displayName: string;
  service: string;
  teamsChannelUrl: string;
  color: string;
  minimumNotificationSeverity: string;
  inTeamsChannel: boolean;
  onEmailContacts: boolean;
}

export type TenantDraftErrors = Partial<Record<keyof TenantDraftInput | 'form', string>>;

/**
 * Checks a tenant typed into the options page. Every problem is reported by field, and nothing is
 * returned to save unless the whole tenant is valid and not already configured.
 */
export function validateTenantDraft(
  draft: TenantDraftInput,
  existing: readonly TenantConfig[],
  /** When editing: the tenant being edited (its id cannot change; what the import learned is kept). */
  editing?: TenantConfig,
): { ok: true; tenant: TenantConfig } | { ok: false; errors: TenantDraftErrors } {
  const parsed = tenantConfigSchema.safeParse({
    ...editing,
    tenantId: editing ? editing.tenantId : draft.tenantId,
    displayName: draft.displayName,
    service: draft.service,
    teamsChannelUrl: draft.teamsChannelUrl.trim() === '' ? null : draft.teamsChannelUrl,
    color: draft.color,
    minimumNotificationSeverity: draft.minimumNotificationSeverity,
    inTeamsChannel: draft.inTeamsChannel,
    onEmailContacts: draft.onEmailContacts,
  });
  if (!parsed.success) {
    const errors: TenantDraftErrors = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      const key = typeof field === 'string' && field in draft ? (field as keyof TenantDraftInput) : 'form';
      errors[key] ??= issue.message;
    }
    return { ok: false, errors };
  }
  const tenant = parsed.data;
  const duplicate = existing.find(
    (other) =>
      other !== editing && (tenantKey(other) === tenant.tenantId || other.tenantId === tenant.tenantId),
  );
  if (duplicate) {
    return { ok: false, errors: { tenantId: `This tenant is already added as “${duplicate.displayName}”.` } };
  }
  return { ok: true, tenant };
}
