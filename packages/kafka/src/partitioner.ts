import { type ICustomPartitioner, Partitioners } from 'kafkajs';

/** Distinct keys remembered per partition count before starting afresh (bounded memory). */
const MAX_KEYS = 100_000;

/**
 * kafkajs's default partitioner (murmur2 of the key, as the Java client), remembering the
 * partition of each string key per partition count. Records are keyed by orgId, so a batch
 * holds few distinct keys; hashing every record was about a tenth of the producing CPU.
 * Messages with an explicit partition or no string key go to the default partitioner as is.
 */
export const rememberingDefaultPartitioner: ICustomPartitioner = () => {
  const partitionOf = Partitioners.DefaultPartitioner();
  const byPartitionCount = new Map<number, Map<string, number>>();
  return (args) => {
    const { message, partitionMetadata } = args;
    const key = message.key;
    if (typeof key !== 'string' || (message.partition !== undefined && message.partition !== null))
      return partitionOf(args);
    let known = byPartitionCount.get(partitionMetadata.length);
    if (known === undefined || known.size >= MAX_KEYS) {
      known = new Map();
      byPartitionCount.set(partitionMetadata.length, known);
    }
    let partition = known.get(key);
    if (partition === undefined) {
      partition = partitionOf(args);
      known.set(key, partition);
    }
    return partition;
  };
};

/**
 * The partition a record with this key goes to on a topic of `partitionCount` partitions,
 * by the same partitioner the producers use: how a consumer tells which orgs are its own
 * without a message from them.
 */
export function partitionOfKey(key: string, partitionCount: number): number {
  const partitionMetadata = Array.from({ length: partitionCount }, (_, partitionId) => ({
    partitionId,
    leader: 0,
    partitionErrorCode: 0,
    replicas: [],
    isr: [],
  }));
  return Partitioners.DefaultPartitioner()({
    topic: '',
    partitionMetadata,
    message: { key, value: null },
  });
}
