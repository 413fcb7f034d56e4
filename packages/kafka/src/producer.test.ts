import { describe, expect, it } from 'vitest';
import { chunksBySize } from './producer.js';

describe('chunksBySize', () => {
  it('keeps order, loses nothing and bounds each chunk', () => {
    const messages = Array.from({ length: 1000 }, (_, i) => ({
      topic: 't',
      key: `k${i}`,
      value: 'x'.repeat(i % 300),
    }));
    const chunks = chunksBySize(messages, 10_000);
    expect(chunks.flat()).toEqual(messages);
    for (const chunk of chunks) {
      const bytes = chunk.reduce((s, m) => s + m.value.length + m.key.length + 64, 0);
      expect(bytes).toBeLessThanOrEqual(10_000);
    }
  });
  it('sends a single message larger than the bound on its own', () => {
    const big = { topic: 't', key: 'k', value: 'x'.repeat(50_000) };
    expect(chunksBySize([big, big], 10_000)).toEqual([[big], [big]]);
  });
});
