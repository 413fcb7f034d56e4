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
    // A group may hold members subscribed to other topics (e.g. two deployments sharing a
    // group id): a topic's partitions go only to the members that subscribed to it.
    const subscribed = new Map(
      members.map((m) => [
        m.memberId,
        new Set(AssignerProtocol.MemberMetadata.decode(m.memberMetadata)?.topics ?? []),
      ]),
    );
    const assignment = new Map<string, Record<string, number[]>>(
      [...subscribed.keys()].map((id) => [id, {}]),
    );
    for (const topic of topics) {
      const candidates = [...subscribed]
        .filter(([, t]) => t.has(topic))
        .map(([id]) => id)
        .sort();
      if (candidates.length === 0) continue;
      for (const { partitionId } of cluster.findTopicPartitionMetadata(topic)) {
        const owner = assignment.get(candidates[partitionId % candidates.length] as string);
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
