// kafkajs alone, in a process of its own, for the ingest bench (forked by ingest.bench.ts).
// In the bench's own process it shared a heap of about 1 GB (every request body, every
// record of both bare producers), and its CPU per record moved between 4 and 10 ms per
// 1,000 from run to run with the garbage collector's work on that heap.
import { packRecords, rememberingDefaultPartitioner, unpackRecords } from '@carbon-account/kafka';
import { CompressionTypes, Kafka, logLevel } from 'kafkajs';
import { drive, ingestBatches } from './ingest-load.js';

export interface BareProducerStart {
  brokers: string[];
  topic: string;
  idempotent: boolean;
  /** Records packed as the API's judging thread packs them (recordTail), not key and value. */
  packed: boolean;
  batches: number;
  clients: number;
}

const send = (message: unknown) => (process.send as (m: unknown) => boolean)(message);
process.on('disconnect', () => process.exit(0));

const start = await new Promise<BareProducerStart>((resolve) =>
  process.once('message', (m) => resolve(m as BareProducerStart)),
);
const client = new Kafka({
  clientId: 'bench-bare',
  brokers: start.brokers,
  logLevel: logLevel.NOTHING,
});
// The API's partitioner and producer settings, so the baseline differs from it in nothing
// but the API's own work.
const producer = client.producer(
  start.idempotent
    ? { idempotent: true, maxInFlightRequests: 1, createPartitioner: rememberingDefaultPartitioner }
    : { allowAutoTopicCreation: false, createPartitioner: rememberingDefaultPartitioner },
);
await producer.connect();
// The records as the API writes them: its JSON, as bytes (the API's judging thread hands
// the request thread bytes, too).
const messages = ingestBatches(start.batches).map((b) => {
  const records = b.map((r) => ({
    key: r.orgId,
    value: JSON.stringify({ greenElectricityKWh: 0, ...r }),
  }));
  return start.packed
    ? unpackRecords(packRecords(start.topic, records))
    : records.map((r) => ({ key: r.key, value: Buffer.from(r.value) }));
});
process.on('message', async (m) => {
  const { indices } = m as { indices: number[] };
  const driven = await drive(start.clients, indices, async (i) => {
    await producer.send({
      topic: start.topic,
      acks: -1,
      compression: CompressionTypes.None,
      messages: messages[i] ?? [],
    });
    return messages[i]?.length ?? 0;
  });
  send(driven);
});
send({ ready: true });
