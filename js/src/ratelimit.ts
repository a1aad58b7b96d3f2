/**
 * A rate limiter shared by every concurrent call of one client.
 *
 * A token bucket kept as a schedule (the generic cell rate algorithm), as in the Python SDK: each
 * caller books the earliest moment its request may go out and then sleeps. In any window of `w`
 * seconds at most `burst + w * rate` requests are sent.
 */

export class TokenBucket {
  readonly ratePerSecond: number;
  readonly burst: number;
  private readonly intervalMs: number;
  private readonly toleranceMs: number;
  /** When the bucket is next empty-handed (the "theoretical arrival time"), in clock milliseconds. */
  private nextMs: number;

  /** `ratePerMinute` requests a minute, with bursts of up to one second's worth. */
  constructor(
    ratePerMinute: number,
    private readonly clock: () => number = () => performance.now(),
  ) {
    if (!Number.isFinite(ratePerMinute) || ratePerMinute < 1) {
      throw new RangeError('ratePerMinute must be a number >= 1');
    }
    this.ratePerSecond = ratePerMinute / 60;
    this.burst = Math.max(1, Math.ceil(this.ratePerSecond));
    this.intervalMs = 1000 / this.ratePerSecond;
    this.toleranceMs = (this.burst - 1) * this.intervalMs;
    this.nextMs = clock();
  }

  /**
   * Book one request; return how many milliseconds to wait before sending it. When that would
   * be longer than `withinMs`, book nothing and return undefined.
   */
  reserve(withinMs = Number.POSITIVE_INFINITY): number | undefined {
    const now = this.clock();
    const due = Math.max(this.nextMs, now);
    const sendAt = Math.max(now, due - this.toleranceMs);
    if (sendAt - now > withinMs) {
      return undefined;
    }
    this.nextMs = Math.max(due, sendAt) + this.intervalMs;
    return sendAt - now;
  }

  /**
   * Send nothing for `ms` (the server said it is over its limit), then resume gently. A pause
   * that is not a finite, positive number of milliseconds is ignored.
   */
  pause(ms: number): void {
    if (!(ms > 0 && Number.isFinite(ms))) {
      return;
    }
    const resume = this.clock() + ms;
    this.nextMs = Math.max(this.nextMs, resume + this.toleranceMs);
  }
}
