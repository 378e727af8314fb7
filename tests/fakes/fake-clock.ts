/**
 * The fake cloud's notion of "now". Every token lifetime, code expiry and lastUpdateDateTime bump reads
 * it, so a test can jump ahead (`advance(25 * 3600_000)`) instead of waiting. It only moves the fake's
 * clock: the browser keeps real time, exactly like a skewed server would look to the extension.
 */
export class FakeClock {
  #offsetMs = 0;

  /** Milliseconds since the epoch, as the fake sees it. */
  now(): number {
    return Date.now() + this.#offsetMs;
  }

  date(): Date {
    return new Date(this.now());
  }

  /** Moves the fake's clock forward (or backward with a negative value). */
  advance(ms: number): void {
    this.#offsetMs += ms;
  }

  /** Back to real time. */
  reset(): void {
    this.#offsetMs = 0;
  }
}
