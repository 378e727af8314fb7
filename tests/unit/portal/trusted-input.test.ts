import { describe, expect, it, vi } from 'vitest';
import { onlyTrusted, trustedSubmitGuard } from '@/utils/portal/trusted-input';

const event = (isTrusted: boolean) => ({ isTrusted, preventDefault: vi.fn() });

describe('onlyTrusted', () => {
  it('runs the handler for the analyst’s own click', () => {
    const handler = vi.fn();
    const click = event(true);
    onlyTrusted(handler)(click);
    expect(handler).toHaveBeenCalledWith(click);
    expect(click.preventDefault).not.toHaveBeenCalled();
  });

  it('ignores and cancels a synthetic click (a page script’s click() or dispatchEvent)', () => {
    const handler = vi.fn();
    const click = event(false);
    onlyTrusted(handler)(click);
    expect(handler).not.toHaveBeenCalled();
    expect(click.preventDefault).toHaveBeenCalled();
  });
});

describe('trustedSubmitGuard', () => {
  it('allows one submit right after a trusted click on the submit button', () => {
    let time = 1000;
    const guard = trustedSubmitGuard(() => time);
    guard.submitterClick(event(true));
    time += 5;
    expect(guard.allowsSubmit()).toBe(true);
    expect(guard.allowsSubmit()).toBe(false);
  });

  it('refuses a submit without a trusted click (requestSubmit), after a synthetic click, or long after', () => {
    let time = 1000;
    const guard = trustedSubmitGuard(() => time);
    expect(guard.allowsSubmit()).toBe(false);
    const synthetic = event(false);
    guard.submitterClick(synthetic);
    expect(synthetic.preventDefault).toHaveBeenCalled();
    expect(guard.allowsSubmit()).toBe(false);
    guard.submitterClick(event(true));
    time += 5000;
    expect(guard.allowsSubmit()).toBe(false);
  });
});
