import { describe, expect, it } from 'vitest';
import { parseRoute, topicHref } from '../../src/views/routes';

describe('routes', () => {
  it('reads the overview from an empty hash', () => {
    expect(parseRoute('')).toEqual({ name: 'overview' });
    expect(parseRoute('#/')).toEqual({ name: 'overview' });
  });

  it('round-trips topic names through their view links', () => {
    expect(parseRoute(topicHref('metric:cpu load/é'))).toEqual({ name: 'metric', metric: 'cpu load/é' });
    expect(parseRoute(topicHref('board:match#1'))).toEqual({ name: 'board', board: 'match#1' });
  });

  it('tells a dashboard without a layout from one with an empty layout', () => {
    expect(parseRoute('#/dashboard')).toEqual({ name: 'dashboard', layout: undefined });
    expect(parseRoute('#/dashboard?w=')).toEqual({ name: 'dashboard', layout: '' });
  });

  it('does not match unknown or broken paths', () => {
    expect(parseRoute('#/nope').name).toBe('notFound');
    expect(parseRoute('#/metric/%E0%A4%A').name).toBe('notFound');
  });
});
