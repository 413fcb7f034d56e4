import { Partitioners } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { rememberingKeyPartitioner } from './key-partitioner.js';

const metadata = (n: number) =>
  Array.from({ length: n }, (_, partitionId) => ({
    partitionErrorCode: 0,
    partitionId,
    leader: 0,
    replicas: [0],
    isr: [0],
  }));

describe('rememberingKeyPartitioner', () => {
  it("chooses kafkajs's default partition for every key, first time and remembered", () => {
    const remembering = rememberingKeyPartitioner();
    const kafkajs = Partitioners.DefaultPartitioner();
    for (const partitions of [1, 3, 8, 12]) {
      const partitionMetadata = metadata(partitions);
      for (let round = 0; round < 2; round++) {
        for (let i = 0; i < 500; i++) {
          const args = {
            topic: 'carbon.emissions.v1',
            partitionMetadata,
            message: { key: `org-${i}`, value: 'x' },
          };
          expect(remembering(args)).toBe(kafkajs(args));
        }
      }
    }
  });

  it('keeps an explicit partition and a message without a key to kafkajs', () => {
    const remembering = rememberingKeyPartitioner();
    const partitionMetadata = metadata(6);
    expect(
      remembering({
        topic: 't',
        partitionMetadata,
        message: { key: 'a', value: 'x', partition: 4 },
      }),
    ).toBe(4);
    const unkeyed = new Set(
      Array.from({ length: 60 }, () =>
        remembering({ topic: 't', partitionMetadata, message: { key: null, value: 'x' } }),
      ),
    );
    expect(unkeyed.size).toBeGreaterThan(1);
  });

  it('separates topics with different partition counts', () => {
    const remembering = rememberingKeyPartitioner();
    const kafkajs = Partitioners.DefaultPartitioner();
    for (let i = 0; i < 200; i++) {
      for (const [topic, n] of [
        ['a', 3],
        ['b', 7],
      ] as const) {
        const args = {
          topic,
          partitionMetadata: metadata(n),
          message: { key: `k${i}`, value: 'x' },
        };
        expect(remembering(args)).toBe(kafkajs(args));
      }
    }
  });
});
