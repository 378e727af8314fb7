import { options, render } from 'preact';
import { act } from 'preact/test-utils';
import type { IncidentView } from '@/utils/messages/portal-answers';

/**
 * Shared by the panel's hook tests: a hook rendered in a bare component (Preact has no renderHook), a
 * portal answer to build on, and a promise the test settles when it wants (no sleeps).
 */

// Effects that a state change outside act schedules run after the next microtask instead of the next
// animation frame, so settle() (microtask turns only) sees them: no timers, no sleeps.
options.requestAnimationFrame = (callback) => void Promise.resolve().then(callback);

export const contosoTid = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
export const fabrikamTid = '9b2e1c4d-7a8f-4e3b-8c1d-2f6a5b4c3d21';

export function incidentView(overrides: Partial<IncidentView> = {}): IncidentView {
  return {
    tenant: { tenantId: contosoTid, displayName: 'Contoso', service: 'xdr', teamsChannelUrl: null, color: '#0f6cbd' },
    status: { state: 'ok', message: null },
    incident: {
      incident: {
        id: '1002',
        displayName: 'Multi-stage incident',
        status: 'awaitingAction',
        severity: 'high',
        classification: 'truePositive',
        determination: 'multiStagedAttack',
        assignedTo: 'Customer',
        createdDateTime: '2026-11-25T19:00:00Z',
        lastUpdateDateTime: '2026-11-27T09:00:00Z',
        redirectIncidentId: null,
        customTags: [],
        description: null,
        recommendedActions: null,
        recommendedHuntingQueries: [],
      },
      handoff: {
        incidentId: '1002',
        owner: 'partner',
        area: 'incidentRemediation',
        inDefenderExpertsScope: true,
        partnerAction: { kind: 'act', text: 'Act on the remediation actions, then resolve the incident' },
        redirectIncidentId: null,
        stepSince: '2026-11-27T09:00:00.000Z',
      },
    },
    duties: null,
    writeAccess: { allowed: true, reason: null },
    username: 'analyst@woodgrove-mssp.example',
    comments: null,
    ...overrides,
  };
}

/** The same view with the incident (and its handoff) changed. */
export function withIncident(
  view: IncidentView,
  incident: Partial<NonNullable<IncidentView['incident']>['incident']>,
  handoff: Partial<NonNullable<IncidentView['incident']>['handoff']> = {},
): IncidentView {
  const shown = view.incident!;
  return { ...view, incident: { incident: { ...shown.incident, ...incident }, handoff: { ...shown.handoff, ...handoff } } };
}

export interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((settle, fail) => {
    resolve = settle;
    reject = fail;
  });
  return { promise, resolve, reject };
}

/** Lets pending promise callbacks run and Preact render what they set (a few microtask turns, inside act). */
export async function settle(): Promise<void> {
  await act(async () => {
    for (let turn = 0; turn < 10; turn += 1) await Promise.resolve();
  });
}

/** Renders `useHook(props)` in a bare component; `result.current` is what it returned last. */
export async function renderHook<Props, Result>(useHook: (props: Props) => Result, props: Props) {
  const result = { current: undefined as Result };
  function Probe({ hookProps }: { hookProps: Props }) {
    result.current = useHook(hookProps);
    return null;
  }
  const container = document.createElement('div');
  await act(() => {
    render(<Probe hookProps={props} />, container);
  });
  return {
    result,
    rerender: (next: Props) =>
      act(() => {
        render(<Probe hookProps={next} />, container);
      }),
    unmount: () => render(null, container),
  };
}
