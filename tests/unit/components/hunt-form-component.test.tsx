// @vitest-environment happy-dom
import { render, type ComponentChild } from 'preact';
import { act } from 'preact/test-utils';
import { useState } from 'preact/hooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HuntProgress } from '@/components/HuntProgress';
import { HuntQueryForm } from '@/components/HuntQueryForm';
import { HuntTenantPicker, filterHuntTenants, type HuntTenantChoice } from '@/components/HuntTenantPicker';
import { huntStoppedReason } from '@/utils/hunting/run-hunt';

function mount(node: ComponentChild) {
  const container = document.createElement('div');
  document.body.append(container);
  render(node, container);
  return container;
}
afterEach(() => document.body.replaceChildren());

const button = (scope: Element, name: string) => [...scope.querySelectorAll('button')].find((candidate) => candidate.textContent === name);

describe('HuntQueryForm', () => {
  const props = {
    query: 'DeviceEvents | take 10',
    timespan: 'P7D' as const,
    maxLength: 20_000,
    note: null,
    onQueryChange: vi.fn(),
    onTimespanChange: vi.fn(),
    runBlockedReason: null,
    running: false,
    onRun: vi.fn(),
  };

  it('has a labelled monospace query box with the contract’s length and the three time spans', () => {
    const container = mount(<HuntQueryForm {...props} onQueryChange={vi.fn()} onTimespanChange={vi.fn()} onRun={vi.fn()} />);
    const box = container.querySelector('textarea')!;
    expect(container.querySelector(`label[for="${box.id}"]`)?.textContent).toBe('KQL query');
    expect(box.className).toContain('mono');
    expect(box.maxLength).toBe(20_000);
    expect([...container.querySelectorAll('option')].map((option) => [option.value, option.textContent])).toEqual([
      ['P1D', 'Last 24 hours'],
      ['P7D', 'Last 7 days'],
      ['P30D', 'Last 30 days'],
    ]);
  });

  it('reports typing and the time span, and runs on Run', () => {
    const onQueryChange = vi.fn();
    const onTimespanChange = vi.fn();
    const onRun = vi.fn();
    const container = mount(<HuntQueryForm {...props} onQueryChange={onQueryChange} onTimespanChange={onTimespanChange} onRun={onRun} />);
    const box = container.querySelector('textarea')!;
    box.value = 'AlertInfo';
    box.dispatchEvent(new Event('input', { bubbles: true }));
    expect(onQueryChange).toHaveBeenCalledWith('AlertInfo');
    const select = container.querySelector('select')!;
    select.value = 'P30D';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    expect(onTimespanChange).toHaveBeenCalledWith('P30D');
    container.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    expect(onRun).toHaveBeenCalledOnce();
  });

  it('disables Run with the reason, and while a run goes on', () => {
    const onRun = vi.fn();
    const blocked = mount(<HuntQueryForm {...props} runBlockedReason="Write a query first." onRun={onRun} />);
    expect(button(blocked, 'Run')?.disabled).toBe(true);
    expect(blocked.textContent).toContain('Write a query first.');
    blocked.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    const running = mount(<HuntQueryForm {...props} running onRun={onRun} />);
    expect(button(running, 'Running…')?.disabled).toBe(true);
    running.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    expect(onRun).not.toHaveBeenCalled();
  });

  it('says where the query came from', () => {
    const container = mount(<HuntQueryForm {...props} note="From incident 1024 in Contoso" />);
    expect(container.querySelector('#hunt-query-note')?.textContent).toBe('From incident 1024 in Contoso');
    expect(container.querySelector('textarea')?.getAttribute('aria-describedby')).toBe('hunt-query-note');
  });
});

const tenants: HuntTenantChoice[] = Array.from({ length: 250 }, (_, index) => ({ key: `key-${index}`, name: `Customer ${index}` }));

/** The picker with the page's selection state. */
function Picker({ initial }: { initial: string[] }) {
  const [selected, setSelected] = useState(new Set(initial));
  const [filter, setFilter] = useState('');
  const setMany = (keys: string[], on: boolean) => {
    const next = new Set(selected);
    for (const key of keys) if (on) next.add(key);
    else next.delete(key);
    setSelected(next);
  };
  return (
    <HuntTenantPicker tenants={tenants} selected={selected} filter={filter} onFilterChange={setFilter} onToggle={(key, on) => setMany([key], on)} onSetMany={setMany} />
  );
}

describe('HuntTenantPicker', () => {
  it('draws only the rows in view at 250 tenants, and All tenants selects or clears them all', async () => {
    const container = mount(<Picker initial={tenants.map((tenant) => tenant.key)} />);
    expect(container.querySelectorAll('.windowed-list__row').length).toBeLessThan(30);
    expect(container.textContent).toContain('250 of 250 tenants selected');
    const all = container.querySelector<HTMLInputElement>('.hunt-tenants__controls input')!;
    expect(all.checked).toBe(true);
    all.checked = false;
    await act(() => {
      all.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(container.textContent).toContain('0 of 250 tenants selected');
    const first = container.querySelector<HTMLInputElement>('.windowed-list input')!;
    first.checked = true;
    await act(() => {
      first.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(container.textContent).toContain('1 of 250 tenants selected');
    expect(all.indeterminate).toBe(true);
  });

  it('filters by name and selects the tenants shown', async () => {
    const container = mount(<Picker initial={[]} />);
    const filter = container.querySelector<HTMLInputElement>('#hunt-tenant-filter')!;
    filter.value = 'customer 24';
    await act(() => {
      filter.dispatchEvent(new Event('input', { bubbles: true }));
    });
    // 24 and 240..249
    expect(container.querySelectorAll('.windowed-list__row')).toHaveLength(11);
    await act(() => button(container, 'Select the 11 shown')?.click());
    expect(container.textContent).toContain('11 of 250 tenants selected');
    expect(button(container, 'Clear the 11 shown')).toBeDefined();
    filter.value = 'nobody';
    await act(() => {
      filter.dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect(container.textContent).toContain('No tenant matches the filter.');
  });

  it('says when there are no tenants', () => {
    const container = mount(<HuntTenantPicker tenants={[]} selected={new Set()} filter="" onFilterChange={vi.fn()} onToggle={vi.fn()} onSetMany={vi.fn()} />);
    expect(container.textContent).toContain('No customer tenants yet');
  });

  it('matches names and keys in any case', () => {
    expect(filterHuntTenants(tenants, '  KEY-249 ').map((tenant) => tenant.name)).toEqual(['Customer 249']);
    expect(filterHuntTenants(tenants, '')).toHaveLength(250);
  });
});

describe('HuntProgress', () => {
  const progress = { answered: 37, total: 200, rows: 1204, fraction: 0.185, text: '37 of 200 tenants answered · 1,204 rows' };

  it('shows the bar and the words in a polite status, and Cancel calls back', () => {
    const onCancel = vi.fn();
    const container = mount(<HuntProgress progress={progress} state="running" stoppedReason={null} cancelling={false} onCancel={onCancel} />);
    const bar = container.querySelector('progress')!;
    expect(bar.getAttribute('max')).toBe('200');
    expect(bar.getAttribute('value')).toBe('37');
    const status = container.querySelector('[role="status"]')!;
    expect(status.getAttribute('aria-live')).toBe('polite');
    expect(status.textContent).toBe('37 of 200 tenants answered · 1,204 rows');
    expect(bar.getAttribute('aria-labelledby')).toBe(status.id);
    button(container, 'Cancel')?.click();
    expect(onCancel).toHaveBeenCalledOnce();
  });

  it('has no Cancel once the run ended, and says how it ended', () => {
    const done = mount(<HuntProgress progress={progress} state="done" stoppedReason={null} cancelling={false} onCancel={vi.fn()} />);
    expect(button(done, 'Cancel')).toBeUndefined();
    const stopped = mount(<HuntProgress progress={progress} state="stopped" stoppedReason="<b>The query failed in 5 tenants</b>" cancelling={false} onCancel={vi.fn()} />);
    expect(stopped.textContent).toContain('Handoff stopped this run: <b>The query failed in 5 tenants</b>');
    expect(stopped.querySelector('b')).toBeNull();
    expect(mount(<HuntProgress progress={progress} state="cancelled" stoppedReason={null} cancelling={false} onCancel={vi.fn()} />).textContent).toContain(
      'You cancelled this run.',
    );
    const cancelling = mount(<HuntProgress progress={progress} state="running" stoppedReason={null} cancelling onCancel={vi.fn()} />);
    expect(button(cancelling, 'Cancelling…')?.disabled).toBe(true);
  });

  it('says "stopped" once: the reason is stored alone (an older run stored it with its own prefix)', () => {
    const stoppedOnce = (reason: string) => {
      const text = mount(<HuntProgress progress={progress} state="stopped" stoppedReason={reason} cancelling={false} onCancel={vi.fn()} />).textContent ?? '';
      expect(text.match(/stopped/gi)).toHaveLength(1);
      return text.slice(text.indexOf('Handoff stopped'));
    };
    expect(stoppedOnce(huntStoppedReason(3, 'Syntax error'))).toBe('Handoff stopped this run: The query fails the same way in 3 tenants: Syntax error. Fix it and run again.');
    expect(stoppedOnce('Handoff stopped the run: The tenant list could not be read.')).toBe('Handoff stopped this run: The tenant list could not be read.');
    expect(stoppedOnce('')).toBe('Handoff stopped this run.');
  });
});
