export { ensureTopics, partitionCount, type TopicLayout } from './admin.js';
export { createKafka } from './client.js';
export { coPartitionedAssigner } from './co-partitioned-assigner.js';
export {
  type BatchConsumerOptions,
  type BatchContext,
  type BatchControl,
  type ConsumedMessage,
  isMembershipLost,
  PartitionLostError,
  type RunningConsumer,
  runBatchConsumer,
} from './consumer.js';
export {
  consumerGroupLag,
  type GroupPartitionOffsets,
  groupOffsets,
  type PartitionLag,
  watchConsumerLag,
} from './lag.js';
export { type PackedRecords, packRecords, unpackRecords } from './packed-records.js';
export { partitionOfKey, rememberingDefaultPartitioner } from './partitioner.js';
export {
  chunksBySize,
  createDurableProducer,
  type DurableProducer,
  type OutgoingMessage,
} from './producer.js';
export { TOPICS, type TopicKey, type TopicNames, topicNames } from './topics.js';
