// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MarkReviewed } from '@/components/MarkReviewed';
import type { QuickActionAvailability } from '@/utils/portal/quick-action-rules';

function mount(props: { availability?: QuickActionAvailability; localOnly?: boolean } = {}) {
  const container = document.createElement('div');
  document.body.append(container);
  const onMarkReviewed = vi.fn();
  render(
    <MarkReviewed
      incidentId="1006"
      availability={props.availability ?? { state: 'enabled' }}
      busy={null}
      localOnly={props.localOnly ?? false}
      onMarkReviewed={onMarkReviewed}
    />,
    container,
  );
  return { container, onMarkReviewed };
}

const button = (container: HTMLElement, name: string) =>
  [...container.querySelectorAll('button')].find((candidate) => candidate.textContent.trim() === name);

function trustedClick(element: Element | undefined): void {
  const click = new MouseEvent('click', { bubbles: true, cancelable: true });
  Object.defineProperty(click, 'isTrusted', { value: true });
  element?.dispatchEvent(click);
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const submit = (container: HTMLElement) => container.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));

afterEach(() => document.body.replaceChildren());

describe('MarkReviewed', () => {
  it('is absent unless the rules offer it', () => {
    expect(mount({ availability: { state: 'hidden' } }).container.innerHTML).toBe('');
  });

  it('opens and submits on the analyst’s own clicks only, with the comment when one was written', async () => {
    const { container, onMarkReviewed } = mount();
    button(container, 'Mark reviewed…')!.click(); // a page script's click: ignored
    await settle();
    expect(container.querySelector('form')).toBeNull();
    trustedClick(button(container, 'Mark reviewed…'));
    await settle();
    const textarea = container.querySelector('textarea')!;
    textarea.value = 'Checked the exclusion.';
    textarea.dispatchEvent(new Event('input'));
    await settle();
    submit(container); // requestSubmit() without a trusted click on the submit button
    button(container, 'Mark reviewed')!.click();
    submit(container);
    expect(onMarkReviewed).not.toHaveBeenCalled();
    trustedClick(button(container, 'Mark reviewed'));
    submit(container);
    expect(onMarkReviewed).toHaveBeenCalledWith('Checked the exclusion.');
  });

  it('sends no comment when the box is blank', async () => {
    const { container, onMarkReviewed } = mount();
    trustedClick(button(container, 'Mark reviewed…'));
    await settle();
    trustedClick(button(container, 'Mark reviewed'));
    submit(container);
    expect(onMarkReviewed).toHaveBeenCalledWith(null);
  });

  it('without write access says the mark stays on this browser, and asks for no comment it could not post', async () => {
    const { container } = mount({ localOnly: true });
    expect(container.textContent).toContain('No write access here: the mark stays on this browser only.');
    trustedClick(button(container, 'Mark reviewed…'));
    await settle();
    expect(container.querySelector('form')).not.toBeNull();
    expect(container.querySelector('textarea')).toBeNull();
  });

  it('shows a disabled state with its reason (a merged incident)', () => {
    const { container } = mount({ availability: { state: 'disabled', reason: 'Merged into incident 1001: act there.' } });
    const open = button(container, 'Mark reviewed…')!;
    expect(open.disabled).toBe(true);
    expect(container.querySelector(`#${open.getAttribute('aria-describedby')}`)?.textContent).toBe('Merged into incident 1001: act there.');
  });
});
