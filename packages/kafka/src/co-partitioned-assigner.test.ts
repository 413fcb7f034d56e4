import { AssignerProtocol, type Cluster } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { coPartitionedAssigner } from './co-partitioned-assigner.js';

const cluster = {
  findTopicPartitionMetadata: () =>
    Array.from({ length: 6 }, (_, partitionId) => ({ partitionId })),
} as unknown as Cluster;

const metadata = (topics: string[]) =>
  AssignerProtocol.MemberMetadata.encode({ version: 0, topics, userData: Buffer.alloc(0) });

describe('coPartitionedAssigner', () => {
  it('gives partition p of every topic to the same member, all partitions once', async () => {
    const assigner = coPartitionedAssigner({ cluster, groupId: 'g', logger: {} as never });
    const members = ['m-2', 'm-1', 'm-3'].map((memberId) => ({
      memberId,
      memberMetadata: metadata(['a', 'b']),
    }));
    const result = await assigner.assign({ members, topics: ['a', 'b'] });
    const decoded = result.map((r) => ({
      memberId: r.memberId,
      assignment: AssignerProtocol.MemberAssignment.decode(r.memberAssignment)?.assignment ?? {},
    }));
    const seen = { a: [] as number[], b: [] as number[] };
    for (const { assignment } of decoded) {
      expect(assignment.a).toEqual(assignment.b);
      seen.a.push(...(assignment.a ?? []));
      seen.b.push(...(assignment.b ?? []));
    }
    expect(seen.a.sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(decoded.find((d) => d.memberId === 'm-1')?.assignment.a).toEqual([0, 3]);
  });

  it('gives a topic only to members subscribed to it', async () => {
    const assigner = coPartitionedAssigner({ cluster, groupId: 'g', logger: {} as never });
    const result = await assigner.assign({
      members: [
        { memberId: 'ours', memberMetadata: metadata(['a']) },
        { memberId: 'other', memberMetadata: metadata(['c']) },
      ],
      topics: ['a', 'c'],
    });
    const of = (id: string) =>
      AssignerProtocol.MemberAssignment.decode(
        result.find((r) => r.memberId === id)?.memberAssignment as Buffer,
      )?.assignment;
    expect(of('ours')).toEqual({ a: [0, 1, 2, 3, 4, 5] });
    expect(of('other')).toEqual({ c: [0, 1, 2, 3, 4, 5] });
  });
});
