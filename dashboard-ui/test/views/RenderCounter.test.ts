import { describe, expect, it } from 'vitest';
import { RenderCounter } from '../../src/views/RenderCounter';

describe('render counter', () => {
  it('counts every render and each frame once', () => {
    const frames: (() => void)[] = [];
    const counter = new RenderCounter((callback) => frames.push(callback));
    counter.rendered();
    counter.rendered();
    expect([counter.frames, counter.renders]).toEqual([1, 2]);
    frames.shift()?.();
    counter.rendered();
    expect([counter.frames, counter.renders]).toEqual([2, 3]);
  });
});
