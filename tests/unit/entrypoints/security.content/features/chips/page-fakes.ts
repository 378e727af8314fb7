import { vi } from 'vitest';

/**
 * The browser's scheduling, by hand: happy-dom's IntersectionObserver never reports and its animation
 * frames run on real timers. These fakes let a test say when a frame runs and which links are on screen,
 * with no sleeps. MutationObserver is happy-dom's own (it reports in a microtask).
 */

class FakeIntersectionObserver {
  static instances: FakeIntersectionObserver[] = [];
  readonly targets = new Set<Element>();
  constructor(
    private readonly callback: IntersectionObserverCallback,
    readonly init?: IntersectionObserverInit,
  ) {
    FakeIntersectionObserver.instances.push(this);
  }
  observe(target: Element) {
    this.targets.add(target);
  }
  unobserve(target: Element) {
    this.targets.delete(target);
  }
  disconnect() {
    this.targets.clear();
  }
  takeRecords(): IntersectionObserverEntry[] {
    return [];
  }
  report(targets: readonly Element[], isIntersecting: boolean) {
    const entries = targets.map((target) => ({ target, isIntersecting }) as unknown as IntersectionObserverEntry);
    this.callback(entries, this as unknown as IntersectionObserver);
  }
}

export interface PageFakes {
  /** Elements an IntersectionObserver is waiting on now. */
  observed(): Element[];
  /** Reports these observed elements (all by default) as on or near the screen. */
  intersect(targets?: readonly Element[]): void;
  /** Reports these observed elements as far from the screen. */
  farAway(targets: readonly Element[]): void;
  /** Animation frames requested and not run yet. */
  pendingFrames(): number;
  /** Runs the frames requested so far. */
  runFrames(): void;
  /** Lets MutationObservers deliver, then runs frames, until nothing is pending (screen reports excluded). */
  settle(): Promise<void>;
  /** settle(), then every watched link comes near the screen, then settle() again. */
  showAll(): Promise<void>;
}

export function installPageFakes(): PageFakes {
  FakeIntersectionObserver.instances = [];
  const frames = new Map<number, FrameRequestCallback>();
  let nextFrame = 1;
  vi.stubGlobal('IntersectionObserver', FakeIntersectionObserver);
  vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => {
    const id = nextFrame++;
    frames.set(id, callback);
    return id;
  });
  vi.stubGlobal('cancelAnimationFrame', (id: number) => frames.delete(id));

  const observers = () => FakeIntersectionObserver.instances;
  const observed = () => observers().flatMap((observer) => [...observer.targets]);
  const report = (targets: readonly Element[] | undefined, isIntersecting: boolean) => {
    for (const observer of observers()) {
      const mine = (targets ?? [...observer.targets]).filter((target) => observer.targets.has(target));
      if (mine.length > 0) observer.report(mine, isIntersecting);
    }
  };
  const runFrames = () => {
    const due = [...frames];
    frames.clear();
    for (const [, callback] of due) callback(0);
  };
  const settle = async () => {
    for (let round = 0; round < 10; round++) {
      for (let tick = 0; tick < 3; tick++) await Promise.resolve();
      if (frames.size === 0) return;
      runFrames();
    }
    throw new Error('the page never settles: a frame requests another forever');
  };
  return {
    observed,
    intersect: (targets) => report(targets, true),
    farAway: (targets) => report(targets, false),
    pendingFrames: () => frames.size,
    runFrames,
    settle,
    async showAll() {
      await settle();
      report(undefined, true);
      await settle();
    },
  };
}
