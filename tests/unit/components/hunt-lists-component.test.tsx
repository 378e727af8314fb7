// @vitest-environment happy-dom
import { render, type ComponentChild } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ExpertHuntQueries, type ExpertHuntQueryView } from '@/components/ExpertHuntQueries';
import { HuntingGuidance } from '@/components/HuntingGuidance';
import { HuntRunHistory } from '@/components/HuntRunHistory';
import { SavedHuntQueries } from '@/components/SavedHuntQueries';
import type { SavedHuntQuery } from '@/utils/hunting/hunt-model';

const hostile = '<img src=x onerror=alert(1)>';

function mount(node: ComponentChild) {
  const container = document.createElement('div');
  document.body.append(container);
  render(node, container);
  return container;
}
afterEach(() => document.body.replaceChildren());

const button = (scope: Element, name: string) => [...scope.querySelectorAll('button')].find((candidate) => candidate.textContent === name);
const buttons = (scope: Element, name: string) => [...scope.querySelectorAll('button')].filter((candidate) => candidate.textContent === name);

function trustedClick(element: Element | undefined): void {
  const click = new MouseEvent('click', { bubbles: true, cancelable: true });
  Object.defineProperty(click, 'isTrusted', { value: true });
  element?.dispatchEvent(click);
}

const saved: SavedHuntQuery[] = [
  { id: 'a', name: hostile, query: 'DeviceEvents', timespan: 'P1D', savedAt: 1 },
  { id: 'b', name: 'Logons', query: 'IdentityLogonEvents', timespan: 'P30D', savedAt: 2 },
];

describe('SavedHuntQueries', () => {
  const props = {
    queries: saved,
    name: '',
    onNameChange: vi.fn(),
    canSave: true,
    onSave: vi.fn(),
    onUse: vi.fn(),
    onDelete: vi.fn(),
    onImportFile: vi.fn(),
    onExport: vi.fn(),
    message: null,
    details: [],
  };

  it('lists names (as text) with their time span, Use and Delete', () => {
    const onUse = vi.fn();
    const onDelete = vi.fn();
    const container = mount(<SavedHuntQueries {...props} onUse={onUse} onDelete={onDelete} />);
    expect(container.querySelector('img')).toBeNull();
    expect(container.textContent).toContain(hostile);
    expect(container.textContent).toContain('Last 30 days');
    buttons(container, 'Use')[1]?.click();
    expect(onUse).toHaveBeenCalledWith(saved[1]);
    buttons(container, 'Delete')[0]?.click();
    expect(onDelete).toHaveBeenCalledWith(saved[0]);
  });

  it('saves the current query under a name, only with both', () => {
    const onSave = vi.fn();
    const onNameChange = vi.fn();
    const empty = mount(<SavedHuntQueries {...props} onNameChange={onNameChange} />);
    expect(button(empty, 'Save current query')?.disabled).toBe(true);
    const input = empty.querySelector<HTMLInputElement>('#hunt-save-name')!;
    input.value = 'Mine';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    expect(onNameChange).toHaveBeenCalledWith('Mine');
    const named = mount(<SavedHuntQueries {...props} name="Mine" onSave={onSave} />);
    named.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    expect(onSave).toHaveBeenCalledOnce();
    const noQuery = mount(<SavedHuntQueries {...props} name="Mine" canSave={false} />);
    expect(button(noQuery, 'Save current query')?.disabled).toBe(true);
  });

  it('imports a chosen file, exports, and lists what an import skipped', () => {
    const onImportFile = vi.fn();
    const onExport = vi.fn();
    const container = mount(
      <SavedHuntQueries
        {...props}
        onImportFile={onImportFile}
        onExport={onExport}
        message={{ kind: 'ok', text: 'Imported 1 query from q.json; skipped 1:' }}
        details={[`Item 2: ${hostile}`]}
      />,
    );
    const file = new File(['{}'], 'q.json', { type: 'application/json' });
    const input = container.querySelector<HTMLInputElement>('input[type="file"]')!;
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    input.dispatchEvent(new Event('change', { bubbles: true }));
    expect(onImportFile).toHaveBeenCalledWith(file);
    expect(input.closest('label')?.textContent).toBe('Import…');
    button(container, 'Export')?.click();
    expect(onExport).toHaveBeenCalledOnce();
    const status = container.querySelector('[role="status"]')!;
    expect(status.textContent).toContain('Imported 1 query from q.json; skipped 1:');
    expect(status.querySelector('li')?.textContent).toBe(`Item 2: ${hostile}`);
    expect(container.querySelector('img')).toBeNull();
    expect(button(mount(<SavedHuntQueries {...props} queries={[]} />), 'Export')?.disabled).toBe(true);
  });
});

describe('ExpertHuntQueries', () => {
  const item: ExpertHuntQueryView = {
    key: 'k|1024|0',
    query: `DeviceEvents // ${hostile}`,
    tenantKey: 'k',
    tenantName: 'Contoso',
    incidentId: '1024',
    incidentTitle: hostile,
    incidentLink: 'https://security.microsoft.com/incident2/1024/overview?tid=k',
  };

  it('shows the query and its source as text, links the incident, and Use calls back', () => {
    const onUse = vi.fn();
    const container = mount(<ExpertHuntQueries queries={[item, { ...item, key: 'x', incidentLink: null }]} onUse={onUse} />);
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('pre')?.textContent).toBe(item.query);
    const link = container.querySelector('a')!;
    expect(link.textContent).toBe('Incident 1024');
    expect(link.getAttribute('href')).toBe(item.incidentLink);
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(container.querySelectorAll('a')).toHaveLength(1);
    expect(container.textContent).toContain(`Incident 1024 in Contoso: ${hostile}`);
    buttons(container, 'Use')[0]?.click();
    expect(onUse).toHaveBeenCalledWith(item);
  });

  it('says when there are none', () => {
    expect(mount(<ExpertHuntQueries queries={[]} onUse={vi.fn()} />).textContent).toContain('None yet');
  });
});

describe('HuntRunHistory', () => {
  it('lists the last runs and shows one on click', () => {
    const onShow = vi.fn();
    const container = mount(
      <HuntRunHistory
        runs={[
          { runId: 'r1', title: hostile, when: '5 minutes ago', tenants: 200, rows: 1204 },
          { runId: 'r2', title: 'AlertInfo', when: '2 days ago', tenants: 1, rows: 1 },
        ]}
        currentRunId="r2"
        onShow={onShow}
      />,
    );
    expect(container.querySelector('img')).toBeNull();
    const [first, second] = [...container.querySelectorAll('button')];
    expect(first?.textContent).toBe(`${hostile}5 minutes ago · 200 tenants · 1,204 rows`);
    expect(second?.textContent).toBe('AlertInfo2 days ago · 1 tenant · 1 row');
    expect(second?.getAttribute('aria-current')).toBe('true');
    first?.click();
    expect(onShow).toHaveBeenCalledWith('r1');
    expect(mount(<HuntRunHistory runs={[]} currentRunId={null} onShow={vi.fn()} />).textContent).toContain('No runs yet.');
  });
});

describe('HuntingGuidance: Run in all my tenants', () => {
  const guidance = { ok: true as const, available: true as const, recommendedActions: null, huntingQueries: ['DeviceEvents', 'AlertInfo'] };

  it('asks for the query by position, on the analyst’s own click only', () => {
    const onRunEverywhere = vi.fn();
    const container = mount(<HuntingGuidance guidance={guidance} huntingUrls={[]} onCopyQuery={vi.fn()} onRunEverywhere={onRunEverywhere} />);
    const runs = buttons(container, 'Run in all my tenants');
    expect(runs).toHaveLength(2);
    runs[1]?.click(); // a script's click(): isTrusted false
    expect(onRunEverywhere).not.toHaveBeenCalled();
    trustedClick(runs[1]);
    expect(onRunEverywhere).toHaveBeenCalledWith(1);
  });

  it('has no such button without the callback', () => {
    const container = mount(<HuntingGuidance guidance={guidance} huntingUrls={[]} onCopyQuery={vi.fn()} />);
    expect(buttons(container, 'Run in all my tenants')).toHaveLength(0);
  });
});
