/**
 * The byte ranges of one file that threads parse, in memory they share (a SharedArrayBuffer), so that
 * a thread that is done takes the second half of what another thread has not yet read. Fixed ranges
 * left a thread idle for up to a second at 5M rows: two threads of this machine run at different
 * speeds from run to run, and a worker starts later than the thread that started it.
 *
 * Each range is [start, end) with a frontier: its owner reads only bytes it has claimed below the
 * frontier, and a thief moves `end` down to a split point at or after the frontier, the split's far side
 * becoming a new range. The two never touch the same byte because claim and split each hold a lock
 * (held for a few loads and stores; an owner claims once per read of 256 KiB).
 */

/** Int32 slots: the lock, then how many ranges there are. */
const LOCK = 0;
const COUNT = 1;
const HEADER_BYTES = 8;
/** Float64 slots a range: start, frontier, end (byte offsets, exact below 2^53). */
const START = 0;
const FRONTIER = 1;
const END = 2;
const FIELDS = 3;
const LOCK_TIMEOUT_MS = 2_000;

export class SharedRanges {
  readonly buffer: SharedArrayBuffer;
  readonly #ints: Int32Array;
  readonly #offsets: Float64Array;
  readonly #lockTimeoutMs: number;

  /** The board of `starts` (ascending; each range ends where the next starts, the last at `size`). */
  static create(starts: readonly number[], size: number, capacity: number): SharedRanges {
    const ranges = new SharedRanges(new SharedArrayBuffer(HEADER_BYTES + capacity * FIELDS * 8));
    for (const [k, start] of starts.entries()) ranges.#set(k, start, start, starts[k + 1] ?? size);
    ranges.#ints[COUNT] = starts.length;
    return ranges;
  }

  /**
   * The board another thread created, from its buffer. A lock not free within `lockTimeoutMs` throws
   * (see #locked).
   */
  constructor(buffer: SharedArrayBuffer, lockTimeoutMs = LOCK_TIMEOUT_MS) {
    this.buffer = buffer;
    this.#lockTimeoutMs = lockTimeoutMs;
    this.#ints = new Int32Array(buffer, 0, 2);
    this.#offsets = new Float64Array(buffer, HEADER_BYTES);
  }

  get count(): number {
    return Atomics.load(this.#ints, COUNT);
  }

  get capacity(): number {
    return this.#offsets.length / FIELDS;
  }

  /** Where range `k` starts (never changes). */
  start(k: number): number {
    return this.#locked(() => this.#offsets[k * FIELDS + START] as number);
  }

  /** Where range `k` ends now: a thief may move it down to the frontier. */
  end(k: number): number {
    return this.#locked(() => this.#offsets[k * FIELDS + END] as number);
  }

  /**
   * The owner of range `k` claims up to `want` bytes from `position`: the bytes granted (0 at the
   * range's end), which no thief takes from now on.
   */
  claim(k: number, position: number, want: number): number {
    return this.#locked(() => {
      const at = k * FIELDS;
      const granted = Math.max(0, Math.min(want, (this.#offsets[at + END] as number) - position));
      if (position + granted > (this.#offsets[at + FRONTIER] as number))
        this.#offsets[at + FRONTIER] = position + granted;
      return granted;
    });
  }

  /**
   * The range with the most bytes nobody has claimed, when there are at least `minBytes`, and the
   * middle of those bytes: where a thief looks for a line feed to split it at.
   */
  largestUnclaimed(minBytes: number): { range: number; middle: number } | undefined {
    return this.#locked(() => {
      let best: { range: number; middle: number } | undefined;
      let most = minBytes - 1;
      const count = this.#ints[COUNT] as number;
      for (let k = 0; k < count; k++) {
        const frontier = this.#offsets[k * FIELDS + FRONTIER] as number;
        const unclaimed = (this.#offsets[k * FIELDS + END] as number) - frontier;
        if (unclaimed > most) {
          most = unclaimed;
          best = { range: k, middle: frontier + Math.floor(unclaimed / 2) };
        }
      }
      return best;
    });
  }

  /**
   * Splits range `k` at `at`: [at, end) becomes a new range, whose index is returned, and `k` ends at
   * `at`. Undefined when its owner has claimed past `at` meanwhile, `at` is not inside the range, or
   * the board is full.
   */
  split(k: number, at: number): number | undefined {
    return this.#locked(() => {
      const base = k * FIELDS;
      const count = this.#ints[COUNT] as number;
      const end = this.#offsets[base + END] as number;
      if (at < (this.#offsets[base + FRONTIER] as number) || at >= end || count >= this.capacity) return undefined;
      this.#offsets[base + END] = at;
      this.#set(count, at, at, end);
      this.#ints[COUNT] = count + 1;
      return count;
    });
  }

  #set(k: number, start: number, frontier: number, end: number): void {
    this.#offsets[k * FIELDS + START] = start;
    this.#offsets[k * FIELDS + FRONTIER] = frontier;
    this.#offsets[k * FIELDS + END] = end;
  }

  /** `read` under the lock: a spin lock, as every holder is done within a few loads and stores. */
  #locked<T>(read: () => T): T {
    let spins = 0;
    let since = 0;
    while (Atomics.compareExchange(this.#ints, LOCK, 0, 1) !== 0) {
      // A holder lets go within microseconds. One that never does was stopped while holding it (a
      // worker terminated out of memory): throwing makes the caller read the file on one thread, where
      // spinning would hang the audit.
      if ((++spins & 0xfff) !== 0) continue;
      if (since === 0) since = performance.now();
      else if (performance.now() - since > this.#lockTimeoutMs) {
        throw new Error(`the log range board's lock was not released within ${this.#lockTimeoutMs} ms`);
      }
    }
    try {
      return read();
    } finally {
      Atomics.store(this.#ints, LOCK, 0);
    }
  }
}
