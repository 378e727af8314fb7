// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';

// Titles come from the extension's IndexedDB (never from the summaries): here every listed incident
// has a hostile one, which must stay text.
// Assignees come with them: 1027 a colleague's, 1024 the signed-in analyst's, 1021 Defender Experts'.
const assigneeOf: Record<string, string> = { '1027': 'jordan.lee@woodgrove-mssp.example', '1024': 'Analyst@Woodgrove-MSSP.example', '1021': 'Defender Experts' };
vi.mock('@/utils/storage/tenant-cache-storage', () => {
  const titles = (wanted: ReadonlyArray<{ tenantKey: string; incidentId: string }>, keyOf: (t: string, i: string) => string) =>
    new Map(wanted.map(({ tenantKey, incidentId }) => [keyOf(tenantKey, incidentId), `<img src=x onerror=alert(${Number(incidentId) - 1000})>`]));
  return {
    readIncidentTitles: async (...args: Parameters<typeof titles>) => titles(...args),
    readIncidentTitlesAndAssignees: async (...args: Parameters<typeof titles>) => ({
      titles: titles(...args),
      assignees: new Map(
        args[0].flatMap(({ tenantKey, incidentId }) => (assigneeOf[incidentId] ? [[args[1](tenantKey, incidentId), assigneeOf[incidentId]!]] : [])),
      ),
    }),
  };
});
import { WorkQueuePopup } from '@/components/WorkQueuePopup';
import { useWorkQueue } from '@/entrypoints/popup/use-work-queue';
import { settingsSchema, type TenantConfig } from '@/utils/domain/settings';
import { emptyTenantCache } from '@/utils/sync/tenant-cache';
import { summaryEntryOf, type TenantSummaries } from '@/utils/sync/tenant-summaries';
import { firstScreenAt, popupFirstScreen, type PopupFirstScreen } from '@/utils/sync/popup-first-screen';

const now = Date.parse('2026-12-01T12:00:00Z');
const guid = (n: number) => `0be4c400-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/** `count` tenants: every third has one high incident awaiting (waiting longer the higher its number), one needs consent. */
function world(count: number) {
  const tenants = settingsSchema.parse({
    tenants: Array.from({ length: count }, (_, index) => ({ tenantId: guid(index + 1), displayName: `Customer ${index + 1}`, service: 'xdr' })),
  }).tenants;
  const summaries: TenantSummaries = {};
  for (let index = 0; index < count; index += 1) {
    const key = guid(index + 1);
    const empty = emptyTenantCache(key);
    const awaiting = index % 3 === 0 ? 1 : 0;
    summaries[key] = {
      ...summaryEntryOf({
        ...empty,
        lastSuccessAt: '2026-12-01T11:59:00Z',
        status: index === 4 ? { state: 'needsConsent', message: null, retryAt: null } : { state: 'ok', message: null, retryAt: null },
        summary: { ...empty.summary, awaitingYou: awaiting },
      }),
      awaitingQueue: awaiting
        ? [{ incidentId: String(1000 + index), severity: 'high', since: new Date(now - index * 60_000 - 3_600_000).toISOString(), rule: 'awaitingAction' }]
        : [],
    };
  }
  return { tenants, summaries };
}

/** The popup page's composition: its state hook over the render-only component. */
function Popup({ tenants, summaries, you }: { tenants: TenantConfig[]; summaries: TenantSummaries; you?: string }) {
  return <WorkQueuePopup {...useWorkQueue(tenants, summaries, now, { you: you ?? null })} listHeight={400} />;
}

/** The popup drawn from the worker's first screen, the summaries document not read yet (null) or read. */
function FirstScreenPopup({ tenants, summaries, screen }: { tenants: TenantConfig[]; summaries: TenantSummaries | null; screen: PopupFirstScreen }) {
  return <WorkQueuePopup {...useWorkQueue(tenants, summaries, now, { you: null }, screen)} listHeight={400} />;
}

/** What a list shows: each rendered row's text, place and the list's size. */
const shown = (ul: HTMLElement) =>
  [...ul.querySelectorAll('li')].map((li) => [li.textContent, li.style.top, li.getAttribute('aria-setsize')].join(' | '));

function mount(count: number, you?: string) {
  const container = document.createElement('div');
  document.body.append(container);
  const { tenants, summaries } = world(count);
  act(() => render(<Popup tenants={tenants} summaries={summaries} you={you} />, container));
  return container;
}

const list = (container: HTMLElement, name: string) => container.querySelector<HTMLElement>(`ul[aria-label="${name}"]`)!;

afterEach(() => document.body.replaceChildren());

/** Titles and assignees come after the first paint, read by a module the hook loads then (entrypoints/popup/incident-details.ts). */
async function titlesArrived(container: HTMLElement) {
  await vi.waitFor(async () => {
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
    expect(list(container, 'My queue').textContent).toContain('<img src=x');
  });
}

describe('the popup as a work queue', () => {
  it('shows the totals and opens on My queue, most severe and longest waiting first, as text', async () => {
    const container = mount(30);
    // The titles arrive after the first paint.
    await titlesArrived(container);
    expect(container.querySelector('.work-queue__totals')?.textContent).toBe('10 awaiting you · 1 tenant needs attention');
    const rows = list(container, 'My queue').querySelectorAll('li');
    expect(rows[0]?.textContent).toContain('High · Customer 28 · Act on remediation · 1h');
    expect(rows[0]?.querySelector('a')?.getAttribute('href')).toBe(`https://security.microsoft.com/incident2/1027/overview?tid=${guid(28)}`);
    // A hostile title stays text.
    expect(container.querySelector('img')).toBeNull();
    expect(rows[0]?.textContent).toContain('<img src=x onerror=alert(27)>');
  });

  it('says who in the team has each row: a colleague by name, you, and nothing for nobody (Defender Experts)', async () => {
    const container = mount(30, 'analyst@woodgrove-mssp.example');
    await titlesArrived(container);
    const what = [...list(container, 'My queue').querySelectorAll('.queue-row__what')].map((element) => element.textContent);
    expect(what.slice(0, 3)).toEqual([
      'High · Customer 28 · Act on remediation · 1h · jordan.lee@woodgrove-mssp.example',
      'High · Customer 25 · Act on remediation · 1h · you',
      'High · Customer 22 · Act on remediation · 1h',
    ]);
  });

  it('renders only the rows in view at 500 tenants, with one tab stop per list', () => {
    const container = mount(500);
    const button = [...container.querySelectorAll('button')].find((element) => element.textContent?.startsWith('Tenants'))!;
    act(() => button.click());
    const tenants = list(container, 'Tenants');
    const rendered = tenants.querySelectorAll('li').length;
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(30);
    // Headings "Needs attention" and "With work", 1 + 167 tenants, the fold line.
    expect(tenants.querySelector('li')?.getAttribute('aria-setsize')).toBe('171');
    expect(tenants.querySelectorAll('[tabindex="0"]')).toHaveLength(1);
    // Pinned first: the tenant needing consent, under its heading.
    expect(tenants.querySelectorAll('li')[0]?.textContent).toBe('Needs attention (1)');
    expect(tenants.querySelectorAll('li')[1]?.textContent).toContain('Customer 5');
  });

  it('moves focus with the arrow keys, skipping headings, and keeps the moved-to row rendered', () => {
    const container = mount(500);
    const button = [...container.querySelectorAll('button')].find((element) => element.textContent?.startsWith('Tenants'))!;
    act(() => button.click());
    const tenants = list(container, 'Tenants');
    const first = tenants.querySelector<HTMLElement>('[tabindex="0"]')!;
    expect(first.textContent).toContain('Customer 5');
    first.focus();
    act(() => void first.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true })));
    // Past the "With work" heading to the first tenant with work.
    expect(document.activeElement?.textContent).toContain('Customer 1');
    expect(document.activeElement?.getAttribute('tabindex')).toBe('0');
    expect(tenants.querySelectorAll('[tabindex="0"]')).toHaveLength(1);
    act(() => void (document.activeElement as HTMLElement).dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true })));
    expect(document.activeElement?.textContent).toContain('Quiet tenants, nothing awaiting (332)');
  });

  it('filters to a typed tenant, quiet ones included', () => {
    const container = mount(500);
    const filter = container.querySelector<HTMLInputElement>('input[type="search"]')!;
    const button = [...container.querySelectorAll('button')].find((element) => element.textContent?.startsWith('Tenants'))!;
    act(() => button.click());
    filter.value = 'customer 137';
    act(() => void filter.dispatchEvent(new Event('input', { bubbles: true })));
    const names = [...list(container, 'Tenants').querySelectorAll('.tenant-line__name')].map((element) => element.textContent);
    expect(names).toEqual(['Customer 137']);
  });

  it('draws the first screen as the whole document draws it, and a view asked for before the document waits for it', () => {
    const { tenants, summaries } = world(500);
    const screen = firstScreenAt(structuredClone(popupFirstScreen(tenants, summaries, now - 60_000)), tenants, now)!;
    const full = mount(500);
    const container = document.createElement('div');
    document.body.append(container);
    act(() => render(<FirstScreenPopup tenants={tenants} summaries={null} screen={screen} />, container));
    expect(container.querySelector('.work-queue__totals')?.textContent).toBe(full.querySelector('.work-queue__totals')?.textContent);
    expect(shown(list(container, 'My queue'))).toEqual(shown(list(full, 'My queue')));
    expect(list(container, 'My queue').style.height).toBe(list(full, 'My queue').style.height);
    const button = [...container.querySelectorAll('button')].find((element) => element.textContent?.startsWith('Tenants'))!;
    act(() => button.click());
    expect(container.querySelector('.work-queue__pending')?.getAttribute('aria-busy')).toBe('true');
    expect(container.querySelector('ul')).toBeNull();
    act(() => render(<FirstScreenPopup tenants={tenants} summaries={summaries} screen={screen} />, container));
    expect(container.querySelector('.work-queue__pending')).toBeNull();
    expect(list(container, 'Tenants').querySelector('li')?.getAttribute('aria-setsize')).toBe('171');
  });

  it('draws the tenants view from the first screen when nothing awaits you', () => {
    const { tenants, summaries } = world(500);
    for (const entry of Object.values(summaries)) {
      entry.summary.awaitingYou = 0;
      entry.summary.reviews = Number(entry.tenantKey.endsWith('7'));
      entry.awaitingQueue = [];
    }
    const screen = firstScreenAt(popupFirstScreen(tenants, summaries, now), tenants, now)!;
    const full = document.createElement('div');
    const container = document.createElement('div');
    document.body.append(full, container);
    act(() => render(<Popup tenants={tenants} summaries={summaries} />, full));
    act(() => render(<FirstScreenPopup tenants={tenants} summaries={null} screen={screen} />, container));
    expect(shown(list(container, 'Tenants'))).toEqual(shown(list(full, 'Tenants')));
    expect(shown(list(container, 'Tenants')).length).toBeGreaterThan(12);
  });

  it('follows the document when a first screen written before it (by something else) said otherwise, unless a view was chosen', () => {
    const { tenants, summaries } = world(30);
    const stale = firstScreenAt(popupFirstScreen(tenants, {}, now), tenants, now)!;
    expect(stale.view).toBe('tenants');
    const container = document.createElement('div');
    document.body.append(container);
    act(() => render(<FirstScreenPopup tenants={tenants} summaries={null} screen={stale} />, container));
    expect(container.querySelector('.work-queue__totals')?.textContent).toBe('0 awaiting you');
    act(() => render(<FirstScreenPopup tenants={tenants} summaries={summaries} screen={stale} />, container));
    expect(container.querySelector('.work-queue__totals')?.textContent).toBe('10 awaiting you · 1 tenant needs attention');
    expect(list(container, 'My queue')).not.toBeNull();
  });
});
