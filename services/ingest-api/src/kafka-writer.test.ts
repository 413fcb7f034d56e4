import type { DurableProducer, OutgoingMessage } from '@carbon-account/kafka';
import { createLogger } from '@carbon-account/runtime';
import { describe, expect, it } from 'vitest';
import { createKafkaWriter, KafkaUnavailable } from './kafka-writer.js';

const logger = createLogger('test', 'silent');
const msg = (value: string): OutgoingMessage => ({ topic: 't', key: 'k', value });

/** A stand-in for the producer, to test the writer's own logic: grouping, timeouts, renewal. */
function producerStub(behaviour: (messages: readonly OutgoingMessage[]) => Promise<void>) {
  const sends: string[][] = [];
  let made = 0;
  const connect = async (): Promise<DurableProducer> => {
    made++;
    return {
      send: async (messages) => {
        sends.push(messages.map((m) => m.value.toString()));
        await behaviour(messages);
      },
      disconnect: async () => {},
    };
  };
  return { connect, sends, made: () => made };
}

describe('createKafkaWriter', () => {
  it('groups requests arriving during a write into the next write, never splitting one', async () => {
    let release: () => void = () => {};
    const stub = producerStub((m) =>
      m[0]?.value === 'a1'
        ? new Promise((r) => {
            release = r;
          })
        : Promise.resolve(),
    );
    const writer = createKafkaWriter({
      connect: stub.connect,
      timeoutMs: 5_000,
      maxPendingBytes: 1e6,
      logger,
    });
    const first = writer.write([msg('a1'), msg('a2')]);
    await new Promise((r) => setTimeout(r, 10));
    const second = writer.write([msg('b1')]);
    const third = writer.write([msg('c1'), msg('c2')]);
    release();
    await Promise.all([first, second, third]);
    expect(stub.sends).toEqual([
      ['a1', 'a2'],
      ['b1', 'c1', 'c2'],
    ]);
    expect(writer.pendingBytes()).toBe(0);
  });

  it('answers a write that waits too long with KafkaUnavailable and never sends it afterwards', async () => {
    let release: () => void = () => {};
    const stub = producerStub((m) =>
      m[0]?.value === 'slow'
        ? new Promise((r) => {
            release = r;
          })
        : Promise.resolve(),
    );
    const writer = createKafkaWriter({
      connect: stub.connect,
      timeoutMs: 50,
      maxPendingBytes: 1e6,
      logger,
    });
    const slow = writer.write([msg('slow')]);
    const queued = writer.write([msg('queued')]);
    await expect(slow).rejects.toBeInstanceOf(KafkaUnavailable);
    await expect(queued).rejects.toMatchObject({ reason: 'timeout' });
    release();
    await new Promise((r) => setTimeout(r, 10));
    expect(stub.sends).toEqual([['slow']]);
  });

  it('replaces the producer after a failed write', async () => {
    let fail = true;
    const stub = producerStub(async () => {
      if (fail) throw new Error('broker gone');
    });
    const writer = createKafkaWriter({
      connect: stub.connect,
      timeoutMs: 1_000,
      maxPendingBytes: 1e6,
      logger,
    });
    await expect(writer.write([msg('x')])).rejects.toMatchObject({ reason: 'failed' });
    fail = false;
    await writer.write([msg('y')]);
    expect(stub.made()).toBe(2);
  });

  it('keeps one write in flight per producer', async () => {
    const releases: (() => void)[] = [];
    const stub = producerStub(() => new Promise((r) => releases.push(r)));
    const writer = createKafkaWriter({
      connect: stub.connect,
      timeoutMs: 5_000,
      maxPendingBytes: 1e6,
      producers: 2,
      logger,
    });
    const writes = [writer.write([msg('a')]), writer.write([msg('b')]), writer.write([msg('c')])];
    await new Promise((r) => setTimeout(r, 10));
    expect(stub.sends).toEqual([['a'], ['b']]);
    for (const release of releases.splice(0)) release();
    await new Promise((r) => setTimeout(r, 10));
    expect(stub.sends).toEqual([['a'], ['b'], ['c']]);
    for (const release of releases.splice(0)) release();
    await Promise.all(writes);
    expect(stub.made()).toBe(2);
  });

  it('refuses at once when too much is already waiting', async () => {
    const stub = producerStub(() => new Promise(() => {}));
    const writer = createKafkaWriter({
      connect: stub.connect,
      timeoutMs: 200,
      maxPendingBytes: 10,
      logger,
    });
    const first = writer.write([msg('123456789')]);
    await expect(writer.write([msg('123456789')])).rejects.toMatchObject({ reason: 'busy' });
    await expect(first).rejects.toMatchObject({ reason: 'timeout' });
  });
});
