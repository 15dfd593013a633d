import { describe, expect, it } from 'vitest';
import { SharedRanges } from './log-ranges.ts';

/** [start, end) of every range on the board. */
const bounds = (ranges: SharedRanges) =>
  Array.from({ length: ranges.count }, (_, k) => [ranges.start(k), ranges.end(k)]);

describe('SharedRanges', () => {
  it('starts with one range a start, each ending where the next starts', () => {
    const ranges = SharedRanges.create([0, 400, 700], 1000, 8);
    expect(ranges.capacity).toBe(8);
    expect(bounds(ranges)).toEqual([
      [0, 400],
      [400, 700],
      [700, 1000],
    ]);
  });

  it('grants an owner what it asks for up to its range end, then nothing', () => {
    const ranges = SharedRanges.create([0, 400], 1000, 4);
    expect(ranges.claim(0, 0, 256)).toBe(256);
    expect(ranges.claim(0, 256, 256)).toBe(144);
    expect(ranges.claim(0, 400, 256)).toBe(0);
  });

  it('offers the middle of the largest unclaimed part, when it is large enough', () => {
    const ranges = SharedRanges.create([0, 400], 1000, 4);
    expect(ranges.largestUnclaimed(100)).toEqual({ range: 1, middle: 700 });
    ranges.claim(1, 400, 500);
    // Range 0 has 400 unclaimed bytes, range 1 has 100.
    expect(ranges.largestUnclaimed(100)).toEqual({ range: 0, middle: 200 });
    ranges.claim(0, 0, 350);
    expect(ranges.largestUnclaimed(100)).toEqual({ range: 1, middle: 950 });
    expect(ranges.largestUnclaimed(101)).toBeUndefined();
  });

  it('splits a range behind its frontier into a new range, and the owner stops at the split', () => {
    const ranges = SharedRanges.create([0, 400], 1000, 4);
    ranges.claim(1, 400, 256);
    expect(ranges.split(1, 800)).toBe(2);
    expect(bounds(ranges)).toEqual([
      [0, 400],
      [400, 800],
      [800, 1000],
    ]);
    expect(ranges.claim(1, 656, 256)).toBe(144);
    expect(ranges.claim(2, 800, 256)).toBe(200);
  });

  it('does not split where the owner has claimed, outside the range, or on a full board', () => {
    const ranges = SharedRanges.create([0, 400], 1000, 3);
    ranges.claim(1, 400, 256);
    expect(ranges.split(1, 655)).toBeUndefined();
    expect(ranges.split(1, 1000)).toBeUndefined();
    expect(ranges.split(1, 656)).toBe(2);
    expect(ranges.split(1, 600)).toBeUndefined();
    expect(bounds(ranges)).toEqual([
      [0, 400],
      [400, 656],
      [656, 1000],
    ]);
    ranges.claim(0, 0, 100);
    expect(ranges.split(0, 200)).toBeUndefined();
    expect(ranges.count).toBe(3);
  });

  it('is one board for every thread that holds its buffer', () => {
    const ranges = SharedRanges.create([0, 400], 1000, 4);
    const elsewhere = new SharedRanges(ranges.buffer);
    elsewhere.claim(1, 400, 300);
    expect(ranges.split(1, 650)).toBeUndefined();
    expect(ranges.split(1, 750)).toBe(2);
    expect(bounds(elsewhere)).toEqual(bounds(ranges));
  });

  it('gives up on a lock its holder never releases, rather than spin forever', () => {
    const ranges = SharedRanges.create([0, 400], 1000, 4);
    // The lock word held, as by a worker stopped inside a claim.
    new Int32Array(ranges.buffer, 0, 1)[0] = 1;
    expect(() => new SharedRanges(ranges.buffer, 20).claim(1, 400, 256)).toThrow(/not released within 20 ms/);
  });
});
