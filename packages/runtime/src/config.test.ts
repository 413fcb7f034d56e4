import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, csvList, loadConfig, port } from './config.js';

const schema = z.object({
  KAFKA_BROKERS: csvList,
  PORT: port.default(8080),
  MODE: z.enum(['a', 'b']),
});

describe('loadConfig', () => {
  it('parses and transforms the environment', () => {
    expect(loadConfig(schema, { KAFKA_BROKERS: 'h1:9092, h2:9092', MODE: 'a' })).toEqual({
      KAFKA_BROKERS: ['h1:9092', 'h2:9092'],
      PORT: 8080,
      MODE: 'a',
    });
  });
  it('names every bad variable and why', () => {
    try {
      loadConfig(schema, { PORT: 'x', MODE: 'c' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems.join('\n');
      expect(problems).toMatch(/KAFKA_BROKERS/);
      expect(problems).toMatch(/PORT/);
      expect(problems).toMatch(/MODE/);
    }
  });
});
