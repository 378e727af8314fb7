import { browser } from 'wxt/browser';

/** Every permission the extension asks for, and why: nothing here is used for anything else. */
const permissionReasons: ReadonlyArray<[string, string]> = [
  ['storage, unlimitedStorage', 'Your settings and each tenant’s incident cache, so the popup opens instantly (no tokens are stored here).'],
  ['alarms', 'Polls Microsoft Graph for your tenants on the interval you choose.'],
  ['identity', 'Opens the Microsoft sign-in window.'],
  ['offscreen', 'Hosts the Microsoft Authentication Library, which needs a page (Chrome and Edge only).'],
  ['notifications', 'Tells you when an incident becomes yours to act on.'],
  ['graph.microsoft.com', 'Reads (and, with quick actions, updates) security incidents of the tenants you add; runs your advanced hunting queries there when you hunt.'],
  ['security.microsoft.com', 'Shows who owns each incident inside the Defender portal.'],
];

export function AboutSection() {
  const manifest = browser.runtime.getManifest();
  return (
    <>
      <p>
        {manifest.name} {manifest.version}
      </p>
      <table class="permissions" aria-label="Permissions">
        <thead>
          <tr>
            <th scope="col">Permission</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {permissionReasons.map(([permission, reason]) => (
            <tr key={permission}>
              <th scope="row" class="mono">
                {permission}
              </th>
              <td>{reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
