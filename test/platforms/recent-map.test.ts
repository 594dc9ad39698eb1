// The adapters' bounded memory: the most recently set keys stay, the oldest set goes first.
import { describe, expect, it } from 'vitest';
import { RecentMap } from '../../src/platforms/shared/recent-map.ts';

describe('RecentMap', () => {
  it('keeps at most max entries, dropping the one set longest ago; setting a key again makes it newest', () => {
    const map = new RecentMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    map.set('a', 3); // a is now newer than b
    map.set('c', 4);
    expect([map.get('a'), map.get('b'), map.get('c')]).toEqual([3, undefined, 4]);
  });
});
