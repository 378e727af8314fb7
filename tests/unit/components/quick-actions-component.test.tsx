// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { QuickActions } from '@/components/QuickActions';
import type { QuickActionAvailability, QuickActionId } from '@/utils/portal/quick-action-rules';

const enabled: QuickActionAvailability = { state: 'enabled' };
const allEnabled: Record<QuickActionId, QuickActionAvailability> = {
  assignToMe: enabled,
  resolve: enabled,
  comment: enabled,
  markReviewed: enabled,
  openHuntingQuery: enabled,
  refresh: enabled,
};

function mount(props: Partial<Parameters<typeof QuickActions>[0]> = {}) {
  const container = document.createElement('div');
  document.body.append(container);
  const callbacks = { onAssignToMe: vi.fn(), onResolve: vi.fn(), onComment: vi.fn(), onRefresh: vi.fn() };
  render(<QuickActions incidentId="1002" actions={allEnabled} busy={null} huntingLinks={[]} {...callbacks} {...props} />, container);
  return { container, callbacks };
}

afterEach(() => {
  document.body.replaceChildren();
});

const button = (container: HTMLElement, name: string) =>
  [...container.querySelectorAll('button')].find((candidate) => candidate.textContent.trim() === name);

/** The analyst's own click: the components ignore synthetic (isTrusted: false) clicks on write controls. */
function trustedClick(element: Element | undefined): void {
  const click = new MouseEvent('click', { bubbles: true, cancelable: true });
  Object.defineProperty(click, 'isTrusted', { value: true });
  element?.dispatchEvent(click);
}

describe('QuickActions', () => {
  it('renders a hunting query link only when the rules enable it and a link was built', () => {
    const link = { label: 'Open hunting query in Advanced hunting', url: 'https://security.microsoft.com/v2/advanced-hunting?query=abc' };
    const shown = mount({ huntingLinks: [link] }).container.querySelector('a');
    expect(shown?.getAttribute('href')).toBe(link.url);
    expect(shown?.getAttribute('rel')).toBe('noopener noreferrer');
    document.body.replaceChildren();
    expect(mount({ huntingLinks: [link], actions: { ...allEnabled, openHuntingQuery: { state: 'hidden' } } }).container.querySelector('a')).toBeNull();
  });

  it('shows a disabled action with its reason, once per reason, described by it', () => {
    const reason = 'Read-only in Fabrikam.';
    const { container } = mount({
      actions: { ...allEnabled, assignToMe: { state: 'disabled', reason }, comment: { state: 'disabled', reason }, resolve: { state: 'hidden' } },
    });
    const assign = button(container, 'Assign to me')!;
    expect(assign.disabled).toBe(true);
    expect(button(container, 'Resolve…')).toBeUndefined();
    const reasons = container.querySelectorAll('.handoff-quick-actions__reasons li');
    expect([...reasons].map((item) => item.textContent)).toEqual([reason]);
    expect(assign.getAttribute('aria-describedby')).toBe(reasons[0]?.id);
  });

  it('resolves with the classification, a determination of that classification, and the comment', async () => {
    const { container, callbacks } = mount();
    trustedClick(button(container, 'Resolve…'));
    await Promise.resolve();
    const classification = container.querySelector('select');
    classification!.value = 'falsePositive';
    classification!.dispatchEvent(new Event('change'));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect([...container.querySelectorAll('select')[1]!.options].map((option) => option.value)).toEqual([
      '',
      'notMalicious',
      'notEnoughDataToValidate',
      'other',
    ]);
    const determination = container.querySelectorAll('select')[1]!;
    determination.value = 'notMalicious';
    determination.dispatchEvent(new Event('change'));
    const textarea = container.querySelector('textarea')!;
    textarea.value = 'Newsletter, not phishing.';
    textarea.dispatchEvent(new Event('input'));
    await new Promise((resolve) => setTimeout(resolve, 0));
    const submit = () => container.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    submit(); // a page script's requestSubmit(): no trusted click on the submit button, nothing sent
    button(container, 'Resolve incident')!.click(); // a page script's click: ignored
    submit();
    expect(callbacks.onResolve).not.toHaveBeenCalled();
    trustedClick(button(container, 'Resolve incident'));
    submit();
    expect(callbacks.onResolve).toHaveBeenCalledWith({
      classification: 'falsePositive',
      determination: 'notMalicious',
      comment: 'Newsletter, not phishing.',
    });
  });

  it('chooses no classification for the analyst, and sends nothing until one and a determination are chosen', async () => {
    const { container, callbacks } = mount();
    trustedClick(button(container, 'Resolve…'));
    await Promise.resolve();
    const [classification, determination] = container.querySelectorAll('select');
    expect(classification!.value).toBe('');
    expect(classification!.required).toBe(true);
    expect(determination!.value).toBe('');
    expect(determination!.disabled).toBe(true);
    const textarea = container.querySelector('textarea')!;
    textarea.value = 'Benign.';
    textarea.dispatchEvent(new Event('input'));
    await new Promise((resolve) => setTimeout(resolve, 0));
    trustedClick(button(container, 'Resolve incident'));
    container.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    expect(callbacks.onResolve).not.toHaveBeenCalled();
  });

  it('warns in the resolve form when remediation tasks are still open, and not otherwise', async () => {
    const open = mount({ openTasks: 2 }).container;
    trustedClick(button(open, 'Resolve…'));
    await Promise.resolve();
    expect(open.querySelector('form .handoff-warning')?.textContent).toBe('Remediation tasks still open: 2');
    document.body.replaceChildren();
    const none = mount({ openTasks: 0 }).container;
    trustedClick(button(none, 'Resolve…'));
    await Promise.resolve();
    expect(none.querySelector('form')).not.toBeNull();
    expect(none.querySelector('.handoff-warning')).toBeNull();
  });

  it('says a result under the buttons: news as a status, a conflict as an alert with Reload', () => {
    const done = mount({ result: { kind: 'done', text: 'Assigned to you.' } }).container;
    const status = done.querySelector('.handoff-quick-actions__row + [role="status"]');
    expect(status?.textContent).toBe('Assigned to you.');
    document.body.replaceChildren();
    const onReload = vi.fn();
    const conflict = mount({ result: { kind: 'conflict', text: 'Jordan Lee changed this 2 minutes ago. Nothing was written.' }, onReload }).container;
    const alert = conflict.querySelector('.handoff-quick-actions__row + [role="alert"]');
    expect(alert?.textContent).toBe('Jordan Lee changed this 2 minutes ago. Nothing was written. Reload');
    alert?.querySelector('button')?.click();
    expect(onReload).toHaveBeenCalledTimes(1);
  });

  it('ignores a page script’s click on Assign to me', () => {
    const { container, callbacks } = mount();
    button(container, 'Assign to me')!.click();
    button(container, 'Assign to me')!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(callbacks.onAssignToMe).not.toHaveBeenCalled();
    trustedClick(button(container, 'Assign to me'));
    expect(callbacks.onAssignToMe).toHaveBeenCalledTimes(1);
  });
});
