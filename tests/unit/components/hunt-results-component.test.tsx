// @vitest-environment happy-dom
import { render, type ComponentChild } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HuntResults, type HuntExpandedRows } from '@/components/HuntResults';
import type { HuntResultLine } from '@/utils/hunting/hunt-results';
import { HuntRowsTable } from '@/components/HuntRowsTable';
import { huntCellText } from '@/utils/portal/hunt-cell-text';

const hostile = '<img src=x onerror=alert(1)>';
const guid = (n: number) => `0be4c400-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

function mount(node: ComponentChild) {
  const container = document.createElement('div');
  document.body.append(container);
  render(node, container);
  return container;
}
afterEach(() => document.body.replaceChildren());

const line = (n: number, kind: HuntResultLine['kind'], text: string, extra: Partial<HuntResultLine> = {}): HuntResultLine => ({
  tenantKey: guid(n),
  tenantId: guid(n),
  displayName: `Customer ${n}`,
  kind,
  rows: null,
  text,
  detail: null,
  retryAt: null,
  ...extra,
});

// Sorted as huntResultLines gives them: answers first, then what to act on, then the rest.
const lines: HuntResultLine[] = [
  line(3, 'done', '12 rows in 2 s', { rows: 12 }),
  line(1, 'done', 'No rows', { rows: 0 }),
  line(2, 'needsConsent', 'Customer 2 hasn’t approved advanced hunting for Handoff.'),
  line(4, 'quota', 'The tenant’s hunting quota is used up', { detail: hostile }),
  line(5, 'queryError', hostile, { displayName: hostile }),
  line(6, 'running', 'Running'),
];

function results(overrides: Partial<Parameters<typeof HuntResults>[0]> = {}) {
  const props = {
    lines,
    running: false,
    expandedKey: null,
    expanded: null,
    onToggleRows: vi.fn(),
    onOpenInHunting: vi.fn(),
    consentLink: vi.fn((tenantId: string) => `https://login.microsoftonline.com/${tenantId}/v2.0/adminconsent?client_id=app`),
    onRetry: vi.fn(),
    onExportCsv: vi.fn(),
    exporting: false,
    ...overrides,
  };
  return { props, container: mount(<HuntResults {...props} />) };
}

const items = (container: HTMLElement) => [...container.querySelectorAll<HTMLLIElement>('li.hunt-result')];
const button = (scope: Element, name: string) => [...scope.querySelectorAll('button')].find((candidate) => candidate.textContent === name);

describe('HuntResults', () => {
  it('shows one line per tenant in the order given, hostile names and texts as text', () => {
    const { container } = results();
    expect(items(container).map((item) => item.querySelector('.hunt-result__name')?.textContent)).toEqual([
      'Customer 3',
      'Customer 1',
      'Customer 2',
      'Customer 4',
      hostile,
      'Customer 6',
    ]);
    expect(container.querySelector('img')).toBeNull();
    expect(items(container)[4]?.textContent).toContain(hostile);
    // The detail is folded, as text.
    const details = items(container)[3]?.querySelector('details');
    expect(details?.open).toBe(false);
    expect(details?.textContent).toContain(hostile);
  });

  it('offers rows only for tenants that answered some', () => {
    const { container, props } = results();
    expect(button(items(container)[0]!, 'Show rows')).toBeDefined();
    expect(button(items(container)[1]!, 'Show rows')).toBeUndefined();
    button(items(container)[0]!, 'Show rows')?.click();
    expect(props.onToggleRows).toHaveBeenCalledWith(guid(3));
  });

  it('gives a tenant that needs consent its consent link and Try again', () => {
    const { container, props } = results();
    const consent = items(container)[2]!;
    expect(consent.textContent).toContain('hasn’t approved advanced hunting');
    const copy = button(consent, 'Copy consent link');
    expect(copy?.getAttribute('data-copy-text')).toBe(`https://login.microsoftonline.com/${guid(2)}/v2.0/adminconsent?client_id=app`);
    expect(props.consentLink).toHaveBeenCalledWith(guid(2));
    button(consent, 'Try again')?.click();
    expect(props.onRetry).toHaveBeenCalledWith([guid(2)]);
    // Only the consent line has a consent link.
    expect(container.querySelectorAll('[data-copy-text]')).toHaveLength(1);
  });

  it('without an application id, a consent line still offers Try again', () => {
    const { container } = results({ consentLink: () => null });
    expect(button(items(container)[2]!, 'Copy consent link')).toBeUndefined();
    expect(button(items(container)[2]!, 'Try again')).toBeDefined();
  });

  it('retries every failed tenant at once, and nothing while the run goes on', () => {
    const { container, props } = results();
    button(container, 'Retry failed tenants (2)')?.click();
    expect(props.onRetry).toHaveBeenCalledWith([guid(2), guid(4)]);
    const { container: busy } = results({ running: true });
    expect(button(busy, 'Retry failed tenants (2)')?.disabled).toBe(true);
    expect(button(items(busy)[2]!, 'Try again')?.disabled).toBe(true);
  });

  it('runs again tenants not run and timed out one by one, but "Retry failed tenants" leaves timeouts out', () => {
    const more = [
      line(7, 'timeout', 'Timed out after 3 min'),
      line(8, 'notRun', 'Not run'),
      line(9, 'cancelled', 'Not run (cancelled)'),
      line(10, 'failed', 'Failed'),
    ];
    const { container, props } = results({ lines: more });
    // A timeout is the query's own fault: all at once would spend each tenant's CPU quota for nothing.
    button(container, 'Retry failed tenants (2)')?.click();
    expect(props.onRetry).toHaveBeenLastCalledWith([guid(8), guid(10)]);
    button(items(container)[0]!, 'Try again')?.click();
    expect(props.onRetry).toHaveBeenLastCalledWith([guid(7)]);
    button(items(container)[1]!, 'Try again')?.click();
    expect(props.onRetry).toHaveBeenLastCalledWith([guid(8)]);
    expect(button(items(container)[2]!, 'Try again')).toBeUndefined();
  });

  it('a quota line may be tried again only once Graph allows the tenant again, the time in its label', () => {
    const at = 1_000_000;
    const retryAt = at + 125_000;
    const time = new Date(retryAt).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
    const quota = [line(4, 'quota', 'Quota reached (CPU)', { retryAt }), line(10, 'failed', 'Failed')];
    const { container, props } = results({ lines: quota, now: at });
    const blocked = button(items(container)[0]!, `Try again at ${time}`);
    expect(blocked?.disabled).toBe(true);
    expect(blocked?.title).toBe(`Graph allows advanced hunting in this tenant again at ${time}.`);
    // Retry failed tenants leaves it out until then.
    button(container, 'Retry failed tenants (1)')?.click();
    expect(props.onRetry).toHaveBeenLastCalledWith([guid(10)]);
    expect(button(items(results({ lines: quota, now: retryAt - 1 }).container)[0]!, `Try again at ${time}`)?.disabled).toBe(true);
    const { container: later, props: laterProps } = results({ lines: quota, now: retryAt });
    const open = button(items(later)[0]!, 'Try again');
    expect(open?.disabled).toBe(false);
    expect(open?.title).toBe('');
    button(later, 'Retry failed tenants (2)')?.click();
    expect(laterProps.onRetry).toHaveBeenLastCalledWith([guid(4), guid(10)]);
  });

  it('without a `now`, keeps its own clock and enables Try again when the time comes', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    try {
      let container = document.body;
      await act(() => {
        container = results({ lines: [line(4, 'quota', 'Quota reached', { retryAt: 1_030_000 })] }).container;
      });
      expect(button(items(container)[0]!, 'Try again')).toBeUndefined();
      expect(items(container)[0]!.querySelector<HTMLButtonElement>('button[title]')?.disabled).toBe(true);
      await act(async () => {
        vi.advanceTimersByTime(29_999);
      });
      expect(button(items(container)[0]!, 'Try again')).toBeUndefined();
      await act(async () => {
        vi.advanceTimersByTime(1);
      });
      expect(button(items(container)[0]!, 'Try again')?.disabled).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it('opens each tenant in Advanced hunting', () => {
    const { container, props } = results();
    button(items(container)[1]!, 'Open in Advanced hunting')?.click();
    expect(props.onOpenInHunting).toHaveBeenCalledWith(lines[1]);
    expect(items(container).every((item) => button(item, 'Open in Advanced hunting'))).toBe(true);
  });

  it('exports CSV once a tenant has rows', () => {
    const { container, props } = results();
    button(container, 'Export CSV')?.click();
    expect(props.onExportCsv).toHaveBeenCalledOnce();
    const { container: none } = results({ lines: lines.slice(1) });
    expect(button(none, 'Export CSV')?.disabled).toBe(true);
  });

  it('shows the expanded tenant’s rows, every cell as text', () => {
    const expanded: HuntExpandedRows = {
      state: 'ready',
      columns: [{ name: 'DeviceName', type: 'string' }, { name: 'Extra', type: 'dynamic' }],
      rows: [{ DeviceName: hostile, Extra: { html: '<b>x</b>' } }],
    };
    const { container } = results({ expandedKey: guid(3), expanded });
    const table = items(container)[0]!.querySelector('table');
    expect(table).not.toBeNull();
    expect(button(items(container)[0]!, 'Hide rows')?.getAttribute('aria-expanded')).toBe('true');
    expect(container.querySelector('img, b')).toBeNull();
    expect([...table!.querySelectorAll('td')].map((cell) => cell.textContent)).toEqual([hostile, '{"html":"<b>x</b>"}']);
    expect(table!.querySelector('caption')?.textContent).toBe('Customer 3: the first 1 of 12 rows (Export CSV has them all)');
  });

  it('says when the rows are loading or could not be read', () => {
    expect(results({ expandedKey: guid(3), expanded: { state: 'loading' } }).container.textContent).toContain('Reading the rows…');
    expect(results({ expandedKey: guid(3), expanded: { state: 'failed', message: 'Gone.' } }).container.textContent).toContain('Gone.');
  });
});

describe('HuntRowsTable', () => {
  it('shows the first 50 rows, with the keys of the rows when Graph named no columns', () => {
    const rows = Array.from({ length: 60 }, (_, index) => ({ Index: index, When: '2026-12-01' }));
    const container = mount(<HuntRowsTable tenantName="Contoso" columns={[]} rows={rows} total={60} />);
    expect([...container.querySelectorAll('th')].map((th) => th.textContent)).toEqual(['Index', 'When']);
    expect(container.querySelectorAll('tbody tr')).toHaveLength(50);
    const all = mount(<HuntRowsTable tenantName="Contoso" columns={[]} rows={rows.slice(0, 1)} total={1} />);
    expect(all.querySelector('caption')?.textContent).toBe('Contoso: 1 row');
  });

  it('turns every value into text', () => {
    expect(huntCellText(null)).toBe('');
    expect(huntCellText(undefined)).toBe('');
    expect(huntCellText(3)).toBe('3');
    expect(huntCellText(false)).toBe('false');
    expect(huntCellText([1, 'a'])).toBe('[1,"a"]');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(huntCellText(cyclic)).toBe('[object Object]');
  });
});
