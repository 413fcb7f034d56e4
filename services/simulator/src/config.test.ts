import { type ConfigError, loadConfig } from '@carbon-account/runtime';
import { describe, expect, it } from 'vitest';
import { runPlan, simulatorEnv } from './config.js';

const problems = (env: Record<string, string>) => {
  try {
    loadConfig(simulatorEnv, env);
    return [];
  } catch (err) {
    return (err as ConfigError).problems;
  }
};

describe('simulator configuration', () => {
  it('defaults to 200 orgs, straight to Kafka, live from now', () => {
    const config = loadConfig(simulatorEnv, { KAFKA_BROKERS: 'localhost:9092' });
    expect(config.ORG_COUNT).toBe(200);
    expect(config.TARGET).toBe('kafka');
    expect(runPlan(config, 1_000_000_000_000)).toEqual({
      from: 1_000_000_000_000,
      to: 1_000_000_000_000,
      live: true,
    });
  });

  it('a backfill from the start of the month some days ago goes live after it; a range with TO ends', () => {
    const now = Date.parse('2025-06-01T00:00:00Z');
    const days = loadConfig(simulatorEnv, { KAFKA_BROKERS: 'k:9092', BACKFILL_DAYS: '45' });
    // 45 days before 1 June is mid-April: the backfill starts with the whole of April.
    expect(runPlan(days, now)).toEqual({
      from: Date.parse('2025-04-01T00:00:00+08:00'),
      to: now,
      live: true,
    });
    const range = loadConfig(simulatorEnv, {
      KAFKA_BROKERS: 'k:9092',
      FROM: '2025-01-01T00:00:00+08:00',
      TO: '2025-02-01T00:00:00+08:00',
    });
    expect(runPlan(range, now)).toEqual({
      from: Date.parse('2025-01-01T00:00:00+08:00'),
      to: Date.parse('2025-02-01T00:00:00+08:00'),
      live: false,
    });
  });

  it('names every variable that cannot work', () => {
    expect(problems({})).toEqual(['KAFKA_BROKERS: required when TARGET=kafka']);
    expect(problems({ TARGET: 'ingest-api' })).toEqual([
      'INGEST_API_URL: required when TARGET=ingest-api',
      'INGEST_API_KEY: required when TARGET=ingest-api',
    ]);
    expect(
      problems({ KAFKA_BROKERS: 'k:9092', TO: '2025-02-01T00:00:00+08:00', LIVE: 'true' }),
    ).toEqual(['LIVE: TO ends the run; leave TO out to go live']);
    expect(
      problems({ KAFKA_BROKERS: 'k:9092', FROM: 'yesterday', BATCH_SIZE: '5000' }),
    ).toHaveLength(2);
  });
});
