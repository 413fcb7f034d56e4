/** The contract's topics (DESIGN.md). Keys are orgId on every topic. */
export const TOPICS = {
  readings: 'energy.readings.v1',
  outputs: 'org.outputs.v1',
  emissions: 'carbon.emissions.v1',
  rejected: 'energy.readings.rejected.v1',
} as const;

export type TopicKey = keyof typeof TOPICS;
export type TopicNames = Record<TopicKey, string>;

/**
 * Topic names with an optional prefix. Production uses none; each test run uses a fresh
 * prefix so runs never see each other's data on a shared broker.
 */
export function topicNames(prefix = ''): TopicNames {
  return {
    readings: prefix + TOPICS.readings,
    outputs: prefix + TOPICS.outputs,
    emissions: prefix + TOPICS.emissions,
    rejected: prefix + TOPICS.rejected,
  };
}
