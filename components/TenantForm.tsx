import { useState } from 'preact/hooks';
import type { TenantService } from '@/utils/responsibility-matrix';

export const serviceLabels: Record<TenantService, string> = {
  xdr: 'Defender Experts for XDR',
  hunting: 'Defender Experts for Hunting',
  none: 'None',
};

export interface TenantDraft {
  tenantId: string;
  displayName: string;
  service: TenantService;
  teamsChannelUrl: string;
}

interface TenantFormProps {
  /** Field errors from validation, keyed by field name; `form` for the whole form. */
  errors: Partial<Record<keyof TenantDraft | 'form', string>>;
  onAdd: (draft: TenantDraft) => boolean;
}

const emptyDraft: TenantDraft = { tenantId: '', displayName: '', service: 'xdr', teamsChannelUrl: '' };

/** Adds one customer tenant; the draft is kept until it is saved, and cleared only then. */
export function TenantForm({ errors, onAdd }: TenantFormProps) {
  const [draft, setDraft] = useState<TenantDraft>(emptyDraft);
  const field = (name: keyof TenantDraft) => ({
    id: `tenant-${name}`,
    name,
    'aria-invalid': errors[name] ? true : undefined,
    'aria-describedby': errors[name] ? `tenant-${name}-error` : undefined,
  });
  const errorText = (name: keyof TenantDraft) =>
    errors[name] && (
      <p class="error" id={`tenant-${name}-error`}>
        {errors[name]}
      </p>
    );
  return (
    <form
      class="tenant-form"
      aria-label="Add a tenant"
      onSubmit={(event) => {
        event.preventDefault();
        if (onAdd(draft)) setDraft(emptyDraft);
      }}
    >
      <div class="field">
        <label for="tenant-tenantId">Tenant ID</label>
        <input
          {...field('tenantId')}
          type="text"
          spellcheck={false}
          placeholder="GUID or verified domain"
          value={draft.tenantId}
          onInput={(event) => setDraft({ ...draft, tenantId: event.currentTarget.value })}
        />
        {errorText('tenantId')}
      </div>
      <div class="field">
        <label for="tenant-displayName">Display name</label>
        <input
          {...field('displayName')}
          type="text"
          value={draft.displayName}
          onInput={(event) => setDraft({ ...draft, displayName: event.currentTarget.value })}
        />
        {errorText('displayName')}
      </div>
      <div class="field">
        <label for="tenant-service">Defender Experts service</label>
        <select
          {...field('service')}
          value={draft.service}
          onChange={(event) => setDraft({ ...draft, service: event.currentTarget.value as TenantService })}
        >
          {(Object.keys(serviceLabels) as TenantService[]).map((service) => (
            <option key={service} value={service}>
              {serviceLabels[service]}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="tenant-teamsChannelUrl">Teams channel link (optional)</label>
        <input
          {...field('teamsChannelUrl')}
          type="url"
          placeholder="https://teams.microsoft.com/l/channel/…"
          value={draft.teamsChannelUrl}
          onInput={(event) => setDraft({ ...draft, teamsChannelUrl: event.currentTarget.value })}
        />
        {errorText('teamsChannelUrl')}
      </div>
      {errors.form && (
        <p class="error" role="alert">
          {errors.form}
        </p>
      )}
      <div class="actions">
        <button type="submit" class="button-primary">
          Add tenant
        </button>
      </div>
    </form>
  );
}
