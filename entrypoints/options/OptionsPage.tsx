import { ResponsibilityMatrixView } from '@/components/ResponsibilityMatrixView';

export function OptionsPage() {
  const manifest = browser.runtime.getManifest();
  return (
    <main class="options">
      <h1>Handoff for Microsoft Defender</h1>
      <section aria-labelledby="who-does-what">
        <h2 id="who-does-what">Who does what</h2>
        <p class="muted">
          Microsoft's responsibility tables for Defender Experts and the customer SOC or MSSP partner. Handoff
          uses them to decide whose move each incident is.
        </p>
        <ResponsibilityMatrixView />
      </section>
      <section aria-labelledby="about">
        <h2 id="about">About</h2>
        <p>
          {manifest.name} {manifest.version}
        </p>
      </section>
    </main>
  );
}
