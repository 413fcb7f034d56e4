import { type ICustomPartitioner, Partitioners } from 'kafkajs';

/** Distinct (topic, partition count, key) choices remembered before the memory starts over. */
const MAX_REMEMBERED = 100_000;

/**
 * kafkajs's default partitioner (Java-compatible murmur2 of the key), remembering its
 * choice per key. The processors send a few thousand distinct orgIds thousands of times
 * each; kafkajs hashes every message with 64-bit Long arithmetic and filters the partition
 * list per message, several µs each. Same key and partition count → same partition, so the
 * co-partitioning of readings and emission lines by orgId is unchanged. Messages without a
 * string key, or with an explicit partition, go to kafkajs as they are.
 */
export const rememberingKeyPartitioner: ICustomPartitioner = () => {
  const partitionOf = Partitioners.DefaultPartitioner();
  const remembered = new Map<string, number>();
  return (args) => {
    const { topic, partitionMetadata, message } = args;
    if (typeof message.key !== 'string' || (message.partition ?? null) !== null) {
      return partitionOf(args);
    }
    const slot = `${topic}\u0001${partitionMetadata.length}\u0001${message.key}`;
    const known = remembered.get(slot);
    if (known !== undefined) return known;
    const chosen = partitionOf(args);
    if (remembered.size >= MAX_REMEMBERED) remembered.clear();
    remembered.set(slot, chosen);
    return chosen;
  };
};
