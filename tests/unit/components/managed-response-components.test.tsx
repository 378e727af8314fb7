// @vitest-environment happy-dom
import { render, type ComponentChild } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HuntingGuidance } from '@/components/HuntingGuidance';
import { RemediationTasks } from '@/components/RemediationTasks';
import type { PortalIncidentTask } from '@/utils/messages/portal-answers';

const hostile = '<img src=x onerror="window.hacked=1">';

const openTask: PortalIncidentTask = {
  id: '1002-1',
  action: hostile,
  description: 'Until reimaged',
  status: 'open',
  statusText: 'Open',
  ownerText: 'Guided response: yours to do',
  canMarkCompleted: true,
  actionType: 'text',
  actionText: 'Manual step',
  targetText: null,
  actionStatus: 'notStarted',
  actionStatusText: 'Not started',
  createdBy: 'Defender Experts',
  createdDateTime: '2026-11-27T08:00:00Z',
  lastModifiedBy: 'Defender Experts',
  lastModifiedDateTime: '2026-11-27T09:00:00Z',
  canRun: false,
};
const managedTask: PortalIncidentTask = {
  ...openTask,
  id: '1002-3',
  action: 'Block the address',
  status: 'completed',
  statusText: 'Completed',
  ownerText: 'Managed response: done by Defender Experts',
  canMarkCompleted: false,
};

function mount(node: ComponentChild) {
  const container = document.createElement('div');
  document.body.append(container);
  render(node, container);
  return container;
}

afterEach(() => document.body.replaceChildren());

const buttons = (container: HTMLElement) => [...container.querySelectorAll('button')];

/** The analyst's own click: the components ignore synthetic (isTrusted: false) clicks on write controls. */
function trustedClick(element: Element | undefined): void {
  const click = new MouseEvent('click', { bubbles: true, cancelable: true });
  Object.defineProperty(click, 'isTrusted', { value: true });
  element?.dispatchEvent(click);
}

describe('RemediationTasks', () => {
  it('lists every task as text, with Mark completed only on open guided tasks', () => {
    const onMarkCompleted = vi.fn();
    const container = mount(
      <RemediationTasks
        tasks={{ ok: true, available: true, tasks: [openTask, managedTask] }}
        writeBlockedReason={null}
        busyTaskId={null}
        onMarkCompleted={onMarkCompleted}
      />,
    );
    expect(container.querySelectorAll('li')).toHaveLength(2);
    expect(container.querySelector('img')).toBeNull();
    expect(container.textContent).toContain(hostile);
    expect(container.textContent).toContain('Managed response: done by Defender Experts');
    expect(buttons(container)).toHaveLength(1);
    buttons(container)[0]?.click(); // a page script's click: ignored
    expect(onMarkCompleted).not.toHaveBeenCalled();
    trustedClick(buttons(container)[0]);
    expect(onMarkCompleted).toHaveBeenCalledWith(openTask);
  });

  it('disables the button with the reason when Handoff may not write, and says when tasks are unavailable', () => {
    const blocked = mount(
      <RemediationTasks
        tasks={{ ok: true, available: true, tasks: [openTask] }}
        writeBlockedReason="Sign in to Handoff first."
        busyTaskId={null}
        onMarkCompleted={vi.fn()}
      />,
    );
    expect(buttons(blocked)[0]?.disabled).toBe(true);
    expect(blocked.textContent).toContain('Sign in to Handoff first.');
    const unavailable = mount(
      <RemediationTasks
        tasks={{ ok: true, available: false, reason: 'Remediation tasks are not available for this tenant.' }}
        writeBlockedReason={null}
        busyTaskId={null}
        onMarkCompleted={vi.fn()}
      />,
    );
    expect(unavailable.textContent).toContain('Remediation tasks are not available for this tenant.');
  });
});

describe('RemediationTasks: Run', () => {
  const isolate: PortalIncidentTask = {
    ...openTask,
    id: '213213',
    action: 'Isolate device testmachine20',
    actionType: 'isolateDevice',
    actionText: 'Isolate device',
    targetText: '02851525-dc00-438b-83f5-3b2947bf4a48 · full isolation',
    canMarkCompleted: false,
    canRun: true,
  };
  const reset: PortalIncidentTask = {
    ...openTask,
    id: '1002-2',
    action: 'Reset the password',
    actionType: 'forceUserPasswordReset',
    actionText: 'Force user password reset',
    targetText: 'megan.bowen@contoso.example',
  };
  const tasks = { ok: true as const, available: true as const, tasks: [isolate, reset] };

  it('shows what each task does, its target and who changed it; Run only on the executable task; Run asks first', () => {
    const onRun = vi.fn();
    const onConfirmRun = vi.fn();
    const props = { tasks, writeBlockedReason: null, busyTaskId: null, onMarkCompleted: vi.fn(), onRun, onConfirmRun, onCancelRun: vi.fn() };
    let container = mount(<RemediationTasks {...props} confirmingTaskId={null} />);
    const items = [...container.querySelectorAll('li')];
    expect(items[0]?.textContent).toContain('Isolate device · Target: 02851525-dc00-438b-83f5-3b2947bf4a48 · full isolation · Action: Not started');
    expect(items[0]?.textContent).toContain('Last changed by Defender Experts');
    expect(items[1]?.textContent).toContain('Force user password reset · Target: megan.bowen@contoso.example');
    expect(buttons(container).map((button) => button.textContent)).toEqual(['Run isolate device', 'Mark completed']);
    buttons(container)[0]?.click(); // a page script's click: ignored
    expect(onRun).not.toHaveBeenCalled();
    trustedClick(buttons(container)[0]);
    expect(onRun).toHaveBeenCalledWith(isolate);
    expect(onConfirmRun).not.toHaveBeenCalled();

    document.body.replaceChildren();
    container = mount(<RemediationTasks {...props} confirmingTaskId="213213" />);
    expect(container.textContent).toContain('Isolate device on 02851525-dc00-438b-83f5-3b2947bf4a48 · full isolation now?');
    trustedClick(buttons(container).find((button) => button.textContent === 'Confirm: Run isolate device'));
    expect(onConfirmRun).toHaveBeenCalledWith(isolate);
  });
});

describe('HuntingGuidance', () => {
  it('shows the actions as text and each query in a pre, with its link once built and a copy button', () => {
    const onCopyQuery = vi.fn();
    const container = mount(
      <HuntingGuidance
        guidance={{ ok: true, available: true, recommendedActions: hostile, huntingQueries: ['DeviceEvents | take 1', 'AlertInfo'] }}
        huntingUrls={['https://security.microsoft.com/v2/advanced-hunting?query=abc', null]}
        onCopyQuery={onCopyQuery}
      />,
    );
    expect(container.querySelector('img')).toBeNull();
    expect([...container.querySelectorAll('pre')].map((pre) => pre.textContent)).toEqual(['DeviceEvents | take 1', 'AlertInfo']);
    const links = container.querySelectorAll('a');
    expect(links).toHaveLength(1);
    expect(links[0]?.getAttribute('rel')).toBe('noopener noreferrer');
    buttons(container)[1]?.click();
    expect(onCopyQuery).toHaveBeenCalledWith('AlertInfo');
  });

  it('says when hunting guidance is unavailable', () => {
    const container = mount(
      <HuntingGuidance
        guidance={{ ok: true, available: false, reason: 'Hunting guidance is not available for this tenant.' }}
        huntingUrls={[]}
        onCopyQuery={vi.fn()}
      />,
    );
    expect(container.textContent).toContain('Hunting guidance is not available for this tenant.');
  });
});
