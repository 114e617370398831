import { describe, expect, it } from 'vitest';
import { TrainingTimer } from '../src/worker/training-timer.js';

/** A clock the test moves by hand. */
function fakeClock(start = 1000) {
  let t = start;
  return {
    now: () => t,
    advance(ms: number): void {
      t += ms;
    },
  };
}

describe('TrainingTimer', () => {
  it('counts steps and their time; a pause is off the clock for the epoch, the rate and the run', async () => {
    const clock = fakeClock();
    const timer = new TrainingTimer(clock.now);
    clock.advance(500); // building the network, before the first epoch: not training
    timer.beginEpoch();
    for (let i = 0; i < 4; i++) {
      clock.advance(10);
      timer.step();
    }
    await timer.setAside(async () => clock.advance(60_000)); // the user paused for a minute
    for (let i = 0; i < 4; i++) {
      clock.advance(10);
      timer.step();
    }
    expect(timer.windowMs()).toBe(80);
    expect(timer.takeWindow()).toBe(100); // 8 steps in 80 ms
    expect(timer.epochSeconds()).toBeCloseTo(0.08, 12);
    expect(timer.run()).toEqual({ steps: 8, ms: 80 });
  });

  it('leaves an evaluation out, and counts the time up to the last step only', async () => {
    const clock = fakeClock();
    const timer = new TrainingTimer(clock.now);
    timer.beginEpoch();
    clock.advance(20);
    timer.step();
    const accuracy = await timer.setAside(() => {
      clock.advance(300);
      return 0.9;
    });
    expect(accuracy).toBe(0.9);
    clock.advance(20);
    timer.step();
    clock.advance(1000); // the epoch's full evaluation, not set aside: after the last step
    expect(timer.epochSeconds()).toBeCloseTo(0.04, 12);
    expect(timer.run().ms).toBe(40);
  });

  it('starts each report window and epoch afresh; the run adds the epochs up', async () => {
    const clock = fakeClock();
    const timer = new TrainingTimer(clock.now);
    timer.beginEpoch();
    clock.advance(30);
    timer.step();
    expect(timer.takeWindow()).toBeCloseTo(1000 / 30, 9);
    clock.advance(10);
    timer.step();
    clock.advance(10);
    timer.step();
    expect(timer.takeWindow()).toBe(100);
    expect(timer.takeWindow()).toBe(0); // an empty window: no steps, no time
    expect(timer.epochSeconds()).toBeCloseTo(0.05, 12);
    await timer.setAside(() => clock.advance(5000)); // the epoch's evaluation
    timer.beginEpoch();
    clock.advance(25);
    timer.step();
    expect(timer.epochSeconds()).toBeCloseTo(0.025, 12);
    expect(timer.run()).toEqual({ steps: 4, ms: 75 });
  });

  it('sets the time aside even when the work throws', async () => {
    const clock = fakeClock();
    const timer = new TrainingTimer(clock.now);
    timer.beginEpoch();
    await expect(
      timer.setAside(() => {
        clock.advance(100);
        throw new Error('evaluation failed');
      }),
    ).rejects.toThrow('evaluation failed');
    clock.advance(10);
    timer.step();
    expect(timer.epochSeconds()).toBeCloseTo(0.01, 12);
  });
});
