import type { ComponentChildren } from 'preact';
import { PolicyWarnings } from '@/components/ManagedPolicyNotes';
import { ResponsibilityMatrixView } from '@/components/ResponsibilityMatrixView';
import { TenantReadinessView } from '@/components/TenantReadinessView';
import { tenantKey } from '@/utils/domain/settings';
import { tenantReadiness } from '@/utils/domain/tenant-readiness';
import { AboutSection } from './AboutSection';
import { AccountSettings } from './AccountSettings';
import { AuditExport } from './AuditExport';
import { ReportExport } from './ReportExport';
import { SyncSettings } from './SyncSettings';
import { TenantSettings } from './TenantSettings';
import { useStoredSettings } from './use-stored-settings';
import { GetStarted } from './GetStarted';
import { TenantFailures } from './TenantFailures';
import { useTenantSummaries } from './use-tenant-summaries';

function Section({ id, title, children }: { id: string; title: string; children: ComponentChildren }) {
  return (
    <section id={id} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{title}</h2>
      {children}
    </section>
  );
}

const sections: ReadonlyArray<[string, string]> = [
  ['account', 'Account'],
  ['tenants', 'Tenants'],
  ['readiness', 'Readiness'],
  ['sync', 'Sync and notifications'],
  ['who-does-what', 'Who does what'],
  ['reports', 'Reports'],
  ['about', 'About'],
];

export function OptionsPage() {
  const { settings, managed, account, grantedScopes } = useStoredSettings();
  const summaries = useTenantSummaries();
  if (!settings || !managed) return <main class="options" aria-busy="true" />;
  return (
    <main class="options">
      <h1>Handoff for Microsoft Defender</h1>
      <PolicyWarnings warnings={managed.warnings} />
      <GetStarted settings={settings} managed={managed} account={account} summaries={summaries} />
      <nav aria-label="Sections">
        <ul>
          {sections.map(([id, title]) => (
            <li key={id}>
              <a href={`#${id}`}>{title}</a>
            </li>
          ))}
        </ul>
      </nav>
      <Section id="account" title="Account">
        <AccountSettings settings={settings} managed={managed} account={account} grantedScopes={grantedScopes} />
      </Section>
      <Section id="tenants" title="Tenants">
        <TenantFailures settings={settings} summaries={summaries} />
        <TenantSettings settings={settings} managed={managed} account={account} />
      </Section>
      <Section id="readiness" title="Readiness">
        <p class="muted">
          What you can really do in each tenant: from the security roles your GDAP relationships grant there and
          the permissions you consented to.
        </p>
        <TenantReadinessView
          tenants={settings.tenants.map((tenant) => ({
            key: tenantKey(tenant),
            displayName: tenant.displayName,
            readiness: tenantReadiness(tenant, { quickActionsEnabled: settings.quickActionsEnabled, grantedScopes }),
          }))}
        />
      </Section>
      <Section id="sync" title="Sync and notifications">
        <SyncSettings
          key={JSON.stringify([settings.pollIntervalMinutes, settings.badgeIncludesReviews, settings.badgeIncludesUnassigned, settings.notificationsEnabled, settings.chipsOnClosedIncidents, managed.locked])}
          settings={settings}
          locked={managed.locked}
          severityLocked={managed.severityLocked}
        />
      </Section>
      <Section id="who-does-what" title="Who does what">
        <p class="muted">
          Microsoft's responsibility tables for Defender Experts and the customer SOC or MSSP partner. Handoff uses
          them to decide whose move each incident is; your duties are highlighted.
        </p>
        <ResponsibilityMatrixView />
      </Section>
      <Section id="reports" title="Reports">
        <ReportExport settings={settings} />
        <AuditExport />
      </Section>
      <Section id="about" title="About">
        <AboutSection />
      </Section>
    </main>
  );
}
