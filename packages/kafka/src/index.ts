export { ensureTopics, type TopicLayout } from './admin.js';
export { createKafka } from './client.js';
export {
  type BatchConsumerOptions,
  type BatchContext,
  type ConsumedMessage,
  type RunningConsumer,
  runBatchConsumer,
} from './consumer.js';
export {
  chunksBySize,
  createDurableProducer,
  type DurableProducer,
  type OutgoingMessage,
} from './producer.js';
export { TOPICS, type TopicKey, type TopicNames, topicNames } from './topics.js';
