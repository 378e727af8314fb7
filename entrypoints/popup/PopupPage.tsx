export function PopupPage() {
  return (
    <main class="popup">
      <h1>Handoff</h1>
      <p>No customer tenants yet.</p>
      <button type="button" class="button-primary" onClick={() => browser.runtime.openOptionsPage()}>
        Open options to sign in and add tenants
      </button>
    </main>
  );
}
