import { describe, expect, it } from 'vitest';
import { FrameScheduler } from '../../src/render/FrameScheduler';
import { TopicStore } from '../../src/state/TopicStore';
import type { TopicState } from '../../src/state/TopicState';
import { FakeFrames } from '../live/fakes';
import { metricSnapshot, metricUpdate } from '../live/events';

describe('FrameScheduler', () => {
  it('runs a task once per frame however often it was scheduled, and counts frames and renders', () => {
    const frames = new FakeFrames();
    const scheduler = new FrameScheduler(frames.requestFrame);
    let runs = 0;
    const task = (): void => {
      runs++;
    };
    for (let i = 0; i < 20; i++) scheduler.schedule(task);
    expect(frames.requested).toBe(1);
    expect(runs).toBe(0);

    frames.run();
    expect(runs).toBe(1);
    expect(scheduler.frames).toBe(1);
    expect(scheduler.renders).toBe(1);

    frames.run(); // no frame was requested: nothing runs, nothing counts
    expect(scheduler.frames).toBe(1);
  });

  it('keeps going when one task throws', () => {
    const frames = new FakeFrames();
    const errors: unknown[] = [];
    const scheduler = new FrameScheduler(frames.requestFrame, (error) => errors.push(error));
    let ran = false;
    scheduler.schedule(() => {
      throw new Error('widget broke');
    });
    scheduler.schedule(() => {
      ran = true;
    });
    frames.run();
    expect(ran).toBe(true);
    expect(errors).toHaveLength(1);
  });

  it('renders 50 watches × 20 updates between two frames as 50 renders of the newest state in one frame', () => {
    const frames = new FakeFrames();
    const scheduler = new FrameScheduler(frames.requestFrame);
    const store = new TopicStore(scheduler);
    const seen = new Map<string, TopicState[]>();
    for (let w = 0; w < 50; w++) {
      const name = `m${w}`;
      store.watch(`metric:${name}`, (state) => seen.set(name, [...(seen.get(name) ?? []), state]));
      store.apply(metricSnapshot(name, 0));
    }
    for (let seq = 1; seq <= 20; seq++) {
      for (let w = 0; w < 50; w++) store.apply(metricUpdate(`m${w}`, seq));
    }
    frames.run();

    expect(scheduler.frames).toBe(1);
    expect(scheduler.renders).toBe(50);
    for (const states of seen.values()) {
      expect(states).toHaveLength(1);
      expect(states[0]!.seq).toBe(20);
    }
  });
});

describe('TopicStore', () => {
  it('gives a new watch the current state in the next frame and forgets a topic after its last unwatch', () => {
    const frames = new FakeFrames();
    const store = new TopicStore(new FrameScheduler(frames.requestFrame));
    const first: number[] = [];
    const stopFirst = store.watch('metric:cpu', (state) => first.push(state.seq));
    store.apply(metricSnapshot('cpu', 3));
    frames.run();
    expect(first).toEqual([3]);

    const second: number[] = [];
    const stopSecond = store.watch('metric:cpu', (state) => second.push(state.seq));
    frames.run();
    expect(second).toEqual([3]);
    expect(first).toEqual([3]);

    stopFirst();
    expect(store.current('metric:cpu')?.seq).toBe(3);
    stopSecond();
    expect(store.current('metric:cpu')).toBeUndefined();
    expect(store.needsSnapshot('metric:cpu')).toBe(true);
    expect(store.apply(metricUpdate('cpu', 4))).toBe('unwatched');
  });

  it('does not call a listener after its unwatch, even with a render pending', () => {
    const frames = new FakeFrames();
    const store = new TopicStore(new FrameScheduler(frames.requestFrame));
    let calls = 0;
    const stop = store.watch('metric:cpu', () => calls++);
    store.watch('metric:cpu', () => undefined);
    store.apply(metricSnapshot('cpu', 1));
    stop();
    frames.run();
    expect(calls).toBe(0);
  });
});
