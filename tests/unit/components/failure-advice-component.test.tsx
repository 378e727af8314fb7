// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FailureAdviceView } from '@/components/FailureAdviceView';
import type { FailureAdvice } from '@/utils/sync/failure-advice';

const consent: FailureAdvice = {
  kind: 'consent',
  sentence: "Northwind Traders hasn't approved Handoff.",
  actions: [
    { kind: 'copy', label: 'Copy consent link', text: 'https://login.microsoftonline.com/t/v2.0/adminconsent?client_id=c' },
    { kind: 'retry', label: 'Retry' },
  ],
  details: 'invalid_grant: AADSTS65001 … Trace ID: 1',
};

function mount(node: preact.ComponentChild) {
  const container = document.createElement('div');
  document.body.append(container);
  render(node, container);
  return container;
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const buttons = (container: HTMLElement) => [...container.querySelectorAll('button')].map((button) => button.textContent);

afterEach(() => {
  document.body.replaceChildren();
  vi.unstubAllGlobals();
});

describe('FailureAdviceView', () => {
  it('shows the plain sentence, its buttons, and the raw text folded under Details', () => {
    const container = mount(<FailureAdviceView advice={consent} heading="Northwind Traders" onRetry={vi.fn()} />);
    expect(container.querySelector('.failure-advice__sentence')?.textContent).toBe("Northwind Traders: Northwind Traders hasn't approved Handoff.");
    expect(buttons(container)).toEqual(['Copy consent link', 'Retry']);
    const details = container.querySelector('details');
    expect(details?.open).toBe(false);
    expect(details?.querySelector('summary')?.textContent).toBe('Details');
    expect(details?.querySelector('p')?.textContent).toBe('invalid_grant: AADSTS65001 … Trace ID: 1');
    expect(container.querySelector('[role="alert"]')).toBeNull();
  });

  it('copies the link and says so; says it could not, with the text, when the clipboard refuses', async () => {
    const writeText = vi.fn(async () => undefined);
    vi.stubGlobal('navigator', { clipboard: { writeText } });
    const container = mount(<FailureAdviceView advice={consent} onRetry={vi.fn()} />);
    container.querySelector('button')?.click();
    await flush();
    expect(writeText).toHaveBeenCalledWith('https://login.microsoftonline.com/t/v2.0/adminconsent?client_id=c');
    expect(container.querySelector('[role="status"]')?.textContent).toBe('Copied the consent link.');

    writeText.mockRejectedValueOnce(new Error('denied'));
    container.querySelector('button')?.click();
    await flush();
    expect(container.querySelector('[role="status"]')?.textContent).toBe(
      'Could not copy: select and copy it by hand: https://login.microsoftonline.com/t/v2.0/adminconsent?client_id=c',
    );
  });

  it('Retry and Sign in again call back; a button without its callback is not drawn; an alert when asked', () => {
    const onRetry = vi.fn();
    const onSignIn = vi.fn();
    const signIn: FailureAdvice = { kind: 'signIn', sentence: 'Sign in again.', actions: [{ kind: 'signIn', label: 'Sign in again' }, { kind: 'retry', label: 'Retry' }], details: null };
    const container = mount(<FailureAdviceView advice={signIn} onRetry={onRetry} onSignIn={onSignIn} alert />);
    const [again, retry] = [...container.querySelectorAll('button')];
    again?.click();
    retry?.click();
    expect([onSignIn.mock.calls.length, onRetry.mock.calls.length]).toEqual([1, 1]);
    expect(container.querySelector('[role="alert"]')).not.toBeNull();
    expect(container.querySelector('details')).toBeNull();
    const bare = mount(<FailureAdviceView advice={signIn} />);
    expect(buttons(bare)).toEqual([]);
  });

  it('disables its buttons while busy', () => {
    const container = mount(<FailureAdviceView advice={consent} onRetry={vi.fn()} busy />);
    expect([...container.querySelectorAll('button')].map((button) => button.disabled)).toEqual([false, true]);
  });
});
