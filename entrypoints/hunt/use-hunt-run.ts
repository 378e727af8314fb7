import { errorMessage } from '@/utils/portal/error-message';
import { useEffect, useState } from 'preact/hooks';
import { z } from 'zod';
import { askBackground } from '@/utils/channels/extension-page-channel';
import type { HuntRun, HuntSource, HuntTimespan } from '@/utils/hunting/hunt-model';
import { getHuntRunResponseSchema, startHuntResponseSchema } from '@/utils/messages/hunt-requests';

/** How often the page asks for the run while it goes on (this also keeps the MV3 worker awake). */
export const huntPollMs = 1000;
/** Polls that may fail in a row (a worker starting again) before the page stops asking. */
const maxFailedPolls = 5;
const okSchema = z.object({ ok: z.literal(true) });

export interface StartHunt {
  query: string;
  timespan: HuntTimespan;
  tenantKeys: string[];
  source: HuntSource | null;
}


/**
 * The run the page shows: started here (startHunt) or picked from the last runs, then read from the
 * worker every second while it is `running`, and no more once it is done, cancelled, stopped or
 * interrupted, or the page goes away.
 */
export function useHuntRun() {
  const [runId, setRunId] = useState<string | null>(null);
  const [run, setRun] = useState<HuntRun | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'starting' | 'cancelling' | 'rerunning' | null>(null);
  // Bumped to read the run now and poll again (after a start, cancel or rerun).
  const [round, setRound] = useState(0);

  useEffect(() => {
    if (!runId) return;
    let stopped = false;
    let failures = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const answer = await askBackground({ type: 'getHuntRun', runId }, getHuntRunResponseSchema);
        if (stopped) return;
        failures = 0;
        setRun(answer.run);
        setError(answer.run ? null : 'Handoff no longer has this run.');
        if (answer.run?.state === 'running') timer = setTimeout(() => void poll(), huntPollMs);
      } catch (caught) {
        if (stopped) return;
        setError(errorMessage(caught));
        failures += 1;
        if (failures < maxFailedPolls) timer = setTimeout(() => void poll(), huntPollMs);
      }
    };
    void poll();
    const stop = () => {
      stopped = true;
      clearTimeout(timer);
    };
    addEventListener('pagehide', stop);
    return () => {
      stop();
      removeEventListener('pagehide', stop);
    };
  }, [runId, round]);

  const act = async (kind: NonNullable<typeof busy>, work: () => Promise<void>) => {
    setBusy(kind);
    setError(null);
    try {
      await work();
      setRound((value) => value + 1);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(null);
    }
  };

  return {
    runId,
    run,
    error,
    busy,
    start: (request: StartHunt) =>
      act('starting', async () => {
        const answer = await askBackground({ type: 'startHunt', ...request }, startHuntResponseSchema);
        setRun(null);
        setRunId(answer.runId);
      }),
    cancel: () => act('cancelling', async () => void (runId && (await askBackground({ type: 'cancelHunt', runId }, okSchema)))),
    rerun: (tenantKeys: string[]) =>
      act('rerunning', async () => void (runId && tenantKeys.length > 0 && (await askBackground({ type: 'rerunHuntTenants', runId, tenantKeys }, okSchema)))),
    show: (id: string) => {
      setError(null);
      setRun(null);
      setRunId(id);
      setRound((value) => value + 1);
    },
  };
}
