// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { askBackground } from '@/utils/channels/extension-page-channel';
import { huntPollMs, useHuntRun } from '@/entrypoints/hunt/use-hunt-run';
import type { HuntRun, HuntRunState } from '@/utils/hunting/hunt-model';
import type { BackgroundRequest } from '@/utils/messages/background-requests';

vi.mock('@/utils/channels/extension-page-channel', () => ({ askBackground: vi.fn() }));
const ask = vi.mocked(askBackground);

const runId = '6f1c7a52-1d0e-4c43-9b7a-3e1f2a4b5c6d';
const otherRunId = '7a2d8b63-2e1f-4d54-8c8b-4f2a3b5c6d7e';
const runIn = (state: HuntRunState, id = runId): HuntRun => ({
  runId: id,
  query: 'DeviceEvents',
  timespan: 'P7D',
  startedAt: 0,
  finishedAt: state === 'running' ? null : 1,
  state,
  stoppedReason: null,
  source: null,
  tenants: [],
});

/** The worker: startHunt answers runId; getHuntRun answers the states in turn (the last one repeats). */
function worker(states: HuntRunState[]) {
  const left = [...states];
  ask.mockImplementation((async (request: BackgroundRequest) => {
    if (request.type === 'startHunt') return { ok: true, runId };
    if (request.type === 'getHuntRun') return { ok: true, run: runIn(left.length > 1 ? left.shift()! : left[0]!, request.runId) };
    if (request.type === 'cancelHunt' || request.type === 'rerunHuntTenants') return { ok: true };
    throw new Error(`unexpected ${request.type}`);
  }) as never);
}
const polls = () => ask.mock.calls.filter(([request]) => request.type === 'getHuntRun').length;

async function mountHook() {
  const result = { current: undefined as unknown as ReturnType<typeof useHuntRun> };
  function Probe() {
    result.current = useHuntRun();
    return null;
  }
  const container = document.createElement('div');
  await act(() => render(<Probe />, container));
  return { result, unmount: () => act(() => render(null, container)) };
}

/** Lets the answered promises run (inside act), then moves the fake clock. */
async function tick(ms = 0) {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });
}

beforeEach(() => {
  vi.useFakeTimers();
  ask.mockReset();
});
afterEach(() => {
  vi.useRealTimers();
});

const start = { query: 'DeviceEvents', timespan: 'P7D' as const, tenantKeys: ['a'], source: null };

describe('useHuntRun', () => {
  it('starts a run, polls every second while it runs, and stops once it is done', async () => {
    worker(['running', 'running', 'done']);
    const { result } = await mountHook();
    await act(() => result.current.start(start));
    await tick();
    expect(ask).toHaveBeenCalledWith({ type: 'startHunt', ...start }, expect.anything());
    expect(result.current.runId).toBe(runId);
    expect(polls()).toBe(1);
    expect(result.current.run?.state).toBe('running');
    await tick(huntPollMs);
    expect(polls()).toBe(2);
    await tick(huntPollMs);
    expect(polls()).toBe(3);
    expect(result.current.run?.state).toBe('done');
    await tick(huntPollMs * 10);
    expect(polls()).toBe(3);
  });

  it.each(['cancelled', 'stopped', 'interrupted'] as const)('stops polling a run that is %s', async (state) => {
    worker(['running', state]);
    const { result } = await mountHook();
    await act(() => result.current.start(start));
    await tick(huntPollMs * 5);
    expect(polls()).toBe(2);
    expect(result.current.run?.state).toBe(state);
  });

  it('stops polling when the page closes', async () => {
    worker(['running']);
    const { result, unmount } = await mountHook();
    await act(() => result.current.start(start));
    await tick(huntPollMs * 2);
    expect(polls()).toBe(3);
    await unmount();
    await tick(huntPollMs * 5);
    expect(polls()).toBe(3);
    // pagehide too (a closing tab may not unmount).
    const again = await mountHook();
    await act(() => again.result.current.start(start));
    await tick();
    const before = polls();
    dispatchEvent(new Event('pagehide'));
    await tick(huntPollMs * 5);
    expect(polls()).toBe(before);
  });

  it('cancels and reruns the shown run, reading it again at once', async () => {
    worker(['running']);
    const { result } = await mountHook();
    await act(() => result.current.start(start));
    await tick();
    await act(() => result.current.cancel());
    await tick();
    expect(ask).toHaveBeenCalledWith({ type: 'cancelHunt', runId }, expect.anything());
    await act(() => result.current.rerun(['a', 'b']));
    await tick();
    expect(ask).toHaveBeenCalledWith({ type: 'rerunHuntTenants', runId, tenantKeys: ['a', 'b'] }, expect.anything());
    expect(polls()).toBe(3);
  });

  it('shows a past run and polls it only if it still runs', async () => {
    worker(['done']);
    const { result } = await mountHook();
    await act(() => result.current.show(otherRunId));
    await tick(huntPollMs * 3);
    expect(ask).toHaveBeenCalledWith({ type: 'getHuntRun', runId: otherRunId }, expect.anything());
    expect(polls()).toBe(1);
    expect(result.current.run?.runId).toBe(otherRunId);
  });

  it('says what failed, and gives up polling after five failures in a row', async () => {
    ask.mockImplementation((async (request: BackgroundRequest) => {
      if (request.type === 'startHunt') throw new Error('Pick at least one tenant.');
      throw new Error('Could not reach Handoff’s background.');
    }) as never);
    const { result } = await mountHook();
    await act(() => result.current.start(start));
    expect(result.current.error).toBe('Pick at least one tenant.');
    expect(result.current.runId).toBeNull();
    await act(() => result.current.show(runId));
    await tick(huntPollMs * 20);
    expect(polls()).toBe(5);
    expect(result.current.error).toBe('Could not reach Handoff’s background.');
  });

  it('says when the worker no longer has the run', async () => {
    ask.mockImplementation((async () => ({ ok: true, run: null })) as never);
    const { result } = await mountHook();
    await act(() => result.current.show(runId));
    await tick();
    expect(result.current.error).toBe('Handoff no longer has this run.');
  });
});
