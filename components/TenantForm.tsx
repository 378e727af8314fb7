import { useState } from 'preact/hooks';
import type { TenantService } from '@/utils/domain/responsibility-matrix';
import { incidentSeverityLevels, tenantColors, type TenantColor, type TenantConfig } from '@/utils/domain/settings';
import type { TenantDraftErrors, TenantDraftInput } from '@/utils/domain/tenant-draft';
import { ManagedMark } from './ManagedPolicyNotes';

/** The service as a choice in a form ("None" beside the two services); the portal says it in full (portal/handoff-labels.ts). */
export const serviceChoiceLabels: Record<TenantService, string> = {
  xdr: 'Defender Experts for XDR',
  hunting: 'Defender Experts for Hunting',
  none: 'None',
};

const colorLabels: Record<TenantColor, string> = {
  blue: 'Blue',
  teal: 'Teal',
  green: 'Green',
  purple: 'Purple',
  orange: 'Orange',
  red: 'Red',
  gray: 'Gray',
};

const severityLabels: Record<(typeof incidentSeverityLevels)[number], string> = {
  informational: 'Informational and above',
  low: 'Low and above',
  medium: 'Medium and above',
  high: 'High only',
};

export type TenantDraft = TenantDraftInput;

const emptyDraft: TenantDraft = {
  tenantId: '',
  displayName: '',
  service: 'xdr',
  teamsChannelUrl: '',
  color: 'blue',
  minimumNotificationSeverity: 'informational',
  inTeamsChannel: false,
  onEmailContacts: false,
};

export function draftFromTenant(tenant: TenantConfig): TenantDraft {
  return {
    tenantId: tenant.resolvedTenantId ?? tenant.tenantId,
    displayName: tenant.displayName,
    service: tenant.service,
    teamsChannelUrl: tenant.teamsChannelUrl ?? '',
    color: tenant.color,
    minimumNotificationSeverity: tenant.minimumNotificationSeverity,
    inTeamsChannel: tenant.inTeamsChannel,
    onEmailContacts: tenant.onEmailContacts,
  };
}

interface TenantFormProps {
  /** Field errors from validation, keyed by field name; `form` for the whole form. */
  errors: TenantDraftErrors;
  /** Editing an existing tenant: its values, and its id cannot change. */
  initial?: TenantDraft;
  onSubmit: (draft: TenantDraft) => boolean;
  onCancel?: () => void;
  /** Adding: a tenant id to start with ("Add this tenant to Handoff" from a portal page). */
  prefillTenantId?: string;
  /** The organisation's policy sets every tenant's minimum notification severity: shown read-only. */
  severityLocked?: boolean;
}

/** Adds or edits one customer tenant; the draft is kept until it is saved, and cleared only then. */
export function TenantForm({ errors, initial, onSubmit, onCancel, prefillTenantId, severityLocked = false }: TenantFormProps) {
  const editing = initial !== undefined;
  const prefix = editing ? 'edit-tenant' : 'tenant';
  const [draft, setDraft] = useState<TenantDraft>(initial ?? (prefillTenantId ? { ...emptyDraft, tenantId: prefillTenantId } : emptyDraft));
  const field = (name: keyof TenantDraft) => ({
    id: `${prefix}-${name}`,
    name,
    'aria-invalid': errors[name] ? true : undefined,
    'aria-describedby': errors[name] ? `${prefix}-${name}-error` : undefined,
  });
  const errorText = (name: keyof TenantDraft) =>
    errors[name] && (
      <p class="error" id={`${prefix}-${name}-error`}>
        {errors[name]}
      </p>
    );
  const set = (name: Exclude<keyof TenantDraft, 'inTeamsChannel' | 'onEmailContacts'>) => (event: { currentTarget: { value: string } }) =>
    setDraft({ ...draft, [name]: event.currentTarget.value });
  return (
    <form
      class="tenant-form"
      aria-label={editing ? `Edit ${initial.displayName}` : 'Add a tenant'}
      onSubmit={(event) => {
        event.preventDefault();
        if (onSubmit(draft) && !editing) setDraft(emptyDraft);
      }}
    >
      <div class="field">
        <label for={`${prefix}-tenantId`}>Tenant ID</label>
        <input
          {...field('tenantId')}
          type="text"
          spellcheck={false}
          placeholder="GUID or verified domain"
          value={draft.tenantId}
          readOnly={editing}
          onInput={set('tenantId')}
        />
        {errorText('tenantId')}
      </div>
      <div class="field">
        <label for={`${prefix}-displayName`}>Display name</label>
        <input {...field('displayName')} type="text" value={draft.displayName} onInput={set('displayName')} />
        {errorText('displayName')}
      </div>
      <div class="field">
        <label for={`${prefix}-service`}>Defender Experts service</label>
        <select {...field('service')} value={draft.service} onChange={set('service')}>
          {(Object.keys(serviceChoiceLabels) as TenantService[]).map((service) => (
            <option key={service} value={service}>
              {serviceChoiceLabels[service]}
            </option>
          ))}
        </select>
        {errorText('service')}
      </div>
      <div class="field">
        <label for={`${prefix}-teamsChannelUrl`}>Teams channel link (optional)</label>
        <input
          {...field('teamsChannelUrl')}
          type="url"
          placeholder="https://teams.microsoft.com/l/channel/…"
          value={draft.teamsChannelUrl}
          onInput={set('teamsChannelUrl')}
        />
        {errorText('teamsChannelUrl')}
      </div>
      <div class="field">
        <label for={`${prefix}-color`}>Tenant colour</label>
        <select {...field('color')} value={draft.color} onChange={set('color')}>
          {(Object.keys(tenantColors) as TenantColor[]).map((color) => (
            <option key={color} value={color}>
              {colorLabels[color]}
            </option>
          ))}
        </select>
        {errorText('color')}
      </div>
      <div class="field">
        <label for={`${prefix}-minimumNotificationSeverity`}>Notify for severity</label>
        {severityLocked && <ManagedMark />}
        <select
          {...field('minimumNotificationSeverity')}
          disabled={severityLocked}
          value={draft.minimumNotificationSeverity}
          onChange={set('minimumNotificationSeverity')}
        >
          {incidentSeverityLevels.map((level) => (
            <option key={level} value={level}>
              {severityLabels[level]}
            </option>
          ))}
        </select>
        {errorText('minimumNotificationSeverity')}
      </div>
      <div class="checkbox-field">
        <input
          id={`${prefix}-inTeamsChannel`}
          type="checkbox"
          checked={draft.inTeamsChannel}
          onChange={(event) => setDraft({ ...draft, inTeamsChannel: event.currentTarget.checked })}
        />
        <label for={`${prefix}-inTeamsChannel`}>I am in the Defender Experts Teams channel (Entra B2B guest)</label>
      </div>
      <div class="checkbox-field">
        <input
          id={`${prefix}-onEmailContacts`}
          type="checkbox"
          checked={draft.onEmailContacts}
          onChange={(event) => setDraft({ ...draft, onEmailContacts: event.currentTarget.checked })}
        />
        <label for={`${prefix}-onEmailContacts`}>I am on the Defender Experts email contacts</label>
      </div>
      {errors.form && (
        <p class="error" role="alert">
          {errors.form}
        </p>
      )}
      <div class="actions">
        <button type="submit" class="button-primary">
          {editing ? 'Save tenant' : 'Add tenant'}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
