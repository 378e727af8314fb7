import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { PolicyWarnings } from '@/components/ManagedPolicyNotes';
import { ResponsibilityMatrixView } from '@/components/ResponsibilityMatrixView';
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
import { optionsPages, optionsRoute, type OptionsPageId, type OptionsRoute } from './options-route';

function Page({ id, title, children }: { id: OptionsPageId; title: string; children: ComponentChildren }) {
  return (
    <section id={id} class="options__page" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} tabIndex={-1}>
        {title}
      </h2>
      {children}
    </section>
  );
}

/** The page the hash names, kept current as links and the back button change it. */
function useRoute(): OptionsRoute {
  const [route, setRoute] = useState(() => optionsRoute(location.hash));
  useEffect(() => {
    const changed = () => setRoute(optionsRoute(location.hash));
    addEventListener('hashchange', changed);
    return () => removeEventListener('hashchange', changed);
  }, []);
  return route;
}

/**
 * The options as pages (Account with Get started, Tenants, Sync and notifications, Reports and audit,
 * About), one shown at a time, chosen by the hash (`#tenants`, `#add-tenant=<guid>`, `#tenant=<key>`) from
 * the navigation on the side. Moving to another page puts the focus on its heading.
 */
export function OptionsPage() {
  const { settings, managed, account, grantedScopes } = useStoredSettings();
  const summaries = useTenantSummaries();
  const route = useRoute();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const target = route.tenantKey ? 'tenant-details-heading' : `${route.page}-heading`;
    (document.getElementById(target) ?? document.getElementById(`${route.page}-heading`))?.focus();
  }, [route.page, route.tenantKey]);
  if (!settings || !managed) return <main class="options" aria-busy="true" />;
  const title = optionsPages.find(({ id }) => id === route.page)!.title;
  return (
    <div class="options">
      <header class="options__header">
        <h1>Handoff for Microsoft Defender</h1>
        {/* Beside the navigation, not in it: its links are this page's own pages, found by name in tests. */}
        <p class="muted">
          <a href="/hunt.html" target="_blank" rel="noopener">
            Hunt across tenants
          </a>
          : one KQL query in every customer tenant, results side by side.
        </p>
        <PolicyWarnings warnings={managed.warnings} />
      </header>
      <nav class="options__nav" aria-label="Options pages">
        <ul>
          {optionsPages.map(({ id, title: name }) => (
            <li key={id}>
              <a href={`#${id}`} aria-current={route.page === id ? 'page' : undefined}>
                {name}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main class="options__main">
        <Page key={route.page} id={route.page} title={title}>
          {route.page === 'account' && (
            <>
              <GetStarted settings={settings} managed={managed} account={account} summaries={summaries} />
              <AccountSettings settings={settings} managed={managed} account={account} grantedScopes={grantedScopes} />
            </>
          )}
          {route.page === 'tenants' && (
            <>
              <TenantFailures settings={settings} summaries={summaries} />
              <TenantSettings
                settings={settings}
                managed={managed}
                account={account}
                grantedScopes={grantedScopes}
                summaries={summaries}
                detailsKey={route.tenantKey}
              />
            </>
          )}
          {route.page === 'sync' && <SyncSettings settings={settings} locked={managed.locked} severityLocked={managed.severityLocked} />}
          {route.page === 'audit' && (
            <>
              <ReportExport settings={settings} />
              <AuditExport />
            </>
          )}
          {route.page === 'about' && (
            <>
              <AboutSection />
              <section aria-labelledby="who-does-what-heading">
                <h3 id="who-does-what-heading">Who does what</h3>
                <p class="muted">
                  Microsoft's responsibility tables for Defender Experts and the customer SOC or MSSP partner. Handoff
                  uses them to decide whose move each incident is; your duties are highlighted.
                </p>
                <ResponsibilityMatrixView />
              </section>
            </>
          )}
        </Page>
      </main>
    </div>
  );
}
