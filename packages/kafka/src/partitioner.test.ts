import { Partitioners } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { rememberingDefaultPartitioner } from './partitioner.js';

const metadata = (n: number) =>
  Array.from({ length: n }, (_, partitionId) => ({
    partitionId,
    leader: 1,
    partitionErrorCode: 0,
    replicas: [1],
    isr: [1],
  }));

describe('rememberingDefaultPartitioner', () => {
  it('puts every key where the default partitioner does, asked once or again, for any partition count', () => {
    const remembering = rememberingDefaultPartitioner();
    const reference = Partitioners.DefaultPartitioner();
    for (const partitions of [1, 6, 7, 6, 12]) {
      const partitionMetadata = metadata(partitions);
      for (let i = 0; i < 500; i++) {
        const args = {
          topic: 't',
          partitionMetadata,
          message: { key: `9150023${i % 200}`, value: '' },
        };
        expect(remembering(args)).toBe(reference(args));
      }
    }
  });

  it('leaves an explicit partition and a Buffer key to the default partitioner', () => {
    const remembering = rememberingDefaultPartitioner();
    const partitionMetadata = metadata(6);
    const args = (message: { key?: string | Buffer; partition?: number; value: string }) => ({
      topic: 't',
      partitionMetadata,
      message,
    });
    expect(remembering(args({ key: 'a', value: '' }))).toBe(
      Partitioners.DefaultPartitioner()(args({ key: 'a', value: '' })),
    );
    expect(remembering(args({ key: 'a', partition: 5, value: '' }))).toBe(5);
    const buffer = Buffer.from('a');
    expect(remembering(args({ key: buffer, value: '' }))).toBe(
      Partitioners.DefaultPartitioner()(args({ key: buffer, value: '' })),
    );
  });
});
