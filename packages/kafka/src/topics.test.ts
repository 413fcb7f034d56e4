import { describe, expect, it } from 'vitest';
import { TOPICS, topicNames } from './topics.js';

describe('topicNames', () => {
  it('keeps the contract names without a prefix', () => {
    expect(topicNames()).toEqual(TOPICS);
  });
  it('prefixes every topic for an isolated test run', () => {
    expect(Object.values(topicNames('t1.')).every((t) => t.startsWith('t1.'))).toBe(true);
  });
});
