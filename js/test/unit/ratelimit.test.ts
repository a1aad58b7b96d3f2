import { describe, expect, it } from 'vitest';

import { TokenBucket } from '../../src/ratelimit.js';

function clock(): { now: () => number; advance: (ms: number) => void } {
  let t = 1_000_000;
  return { now: () => t, advance: (ms) => (t += ms) };
}

describe('TokenBucket', () => {
  it('lets one second worth of requests through at once, then spaces them', () => {
    const time = clock();
    const bucket = new TokenBucket(600, time.now); // 10 a second
    expect(bucket.burst).toBe(10);
    const waits = Array.from({ length: 12 }, () => bucket.reserve());
    expect(waits.slice(0, 10)).toEqual(Array(10).fill(0));
    expect(waits[10]).toBeCloseTo(100);
    expect(waits[11]).toBeCloseTo(200);
  });

  it('never sends more than burst + w * rate in a window of w', () => {
    const time = clock();
    const bucket = new TokenBucket(1000, time.now);
    const sendTimes: number[] = [];
    for (let i = 0; i < 200; i++) {
      sendTimes.push(time.now() + (bucket.reserve() ?? Number.NaN));
      time.advance(5);
    }
    const windowMs = 3000;
    for (const start of sendTimes) {
      const inWindow = sendTimes.filter((t) => t >= start && t < start + windowMs).length;
      expect(inWindow).toBeLessThanOrEqual(bucket.burst + (windowMs / 1000) * bucket.ratePerSecond + 1e-9);
    }
  });

  it('refills while idle', () => {
    const time = clock();
    const bucket = new TokenBucket(60, time.now); // 1 a second, burst 1
    expect(bucket.reserve()).toBe(0);
    expect(bucket.reserve()).toBeCloseTo(1000);
    time.advance(5000);
    expect(bucket.reserve()).toBe(0);
  });

  it('pauses when the server says it is over its limit', () => {
    const time = clock();
    const bucket = new TokenBucket(6000, time.now);
    bucket.pause(2000);
    expect(bucket.reserve()).toBeGreaterThanOrEqual(2000);
  });

  it('books nothing when the wait would be longer than the caller can give', () => {
    const time = clock();
    const bucket = new TokenBucket(60, time.now); // 1 a second
    expect(bucket.reserve(0)).toBe(0);
    expect(bucket.reserve(500)).toBeUndefined(); // the next slot is 1000 ms away
    expect(bucket.reserve(1000)).toBeCloseTo(1000); // nothing was booked by the refusal
    expect(bucket.reserve(1500)).toBeUndefined();
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, -5, 0])('ignores a pause of %s', (ms) => {
    const time = clock();
    const bucket = new TokenBucket(6000, time.now);
    bucket.pause(ms);
    expect(bucket.reserve()).toBe(0);
    expect(bucket.reserve()).toBe(0);
  });

  it('refuses rates below one a minute', () => {
    expect(() => new TokenBucket(0)).toThrow(RangeError);
    expect(() => new TokenBucket(Number.NaN)).toThrow(RangeError);
  });
});
