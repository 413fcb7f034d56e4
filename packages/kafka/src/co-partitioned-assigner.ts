import { AssignerProtocol, type PartitionAssigner } from 'kafkajs';

/**
 * Assigns partition p of every subscribed topic to the same group member (Kafka Streams
 * calls this co-partitioning). Topics keyed by the same id (orgId) with the same partition
 * count then put all of one org's messages, whatever the topic, on one member: that member
 * alone may write state that must have a single writer per org (e.g. a hash-chained
 * ledger). kafkajs's default round-robin assigner spreads the topics independently.
 */
export const coPartitionedAssigner: PartitionAssigner = ({ cluster }) => ({
  name: 'CoPartitionedAssigner',
  version: 0,
  async assign({ members, topics }) {
    const memberIds = members.map((m) => m.memberId).sort();
    const assignment = new Map<string, Record<string, number[]>>(memberIds.map((id) => [id, {}]));
    for (const topic of topics) {
      for (const { partitionId } of cluster.findTopicPartitionMetadata(topic)) {
        const owner = assignment.get(memberIds[partitionId % memberIds.length] as string);
        if (!owner) continue;
        owner[topic] ??= [];
        owner[topic].push(partitionId);
      }
    }
    return [...assignment].map(([memberId, topicPartitions]) => ({
      memberId,
      memberAssignment: AssignerProtocol.MemberAssignment.encode({
        version: this.version,
        assignment: topicPartitions,
        userData: Buffer.alloc(0),
      }),
    }));
  },
  protocol({ topics }) {
    return {
      name: this.name,
      metadata: AssignerProtocol.MemberMetadata.encode({
        version: this.version,
        topics,
        userData: Buffer.alloc(0),
      }),
    };
  },
});
