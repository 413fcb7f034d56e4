import { describe, expect, it } from 'vitest';
import { behindPreviousEnds } from './upstream-drained.js';

const stage = { groupId: 'g', topic: 't' };
const at = (partition: number, committed: bigint, end: bigint, hasCommitted = true) => ({
  topic: 't',
  partition,
  committed,
  end,
  hasCommitted,
});

describe('behindPreviousEnds', () => {
  it('names the partitions short of where their topic ended at the previous check', () => {
    const previous = new Map([
      [0, 100n],
      [1, 50n],
    ]);
    // Partition 0 read all it had then (new messages since do not count); 1 is stuck.
    expect(behindPreviousEnds(stage, previous, [at(0, 100n, 180n), at(1, 20n, 50n)])).toEqual([
      {
        groupId: 'g',
        topic: 't',
        partition: 1,
        committed: '20',
        needed: '50',
        neverCommitted: false,
      },
    ]);
  });
  it('says when the group never committed on a partition it is behind on', () => {
    expect(
      behindPreviousEnds(stage, new Map([[0, 10n]]), [at(0, 0n, 10n, false)])[0],
    ).toMatchObject({ partition: 0, committed: '0', neverCommitted: true });
  });
  it('needs nothing of a partition that is new since the previous check', () => {
    expect(
      behindPreviousEnds(stage, new Map([[0, 10n]]), [at(0, 10n, 10n), at(1, 0n, 5n)]),
    ).toEqual([]);
  });
});
