// Platform connector throughput: one 100,000-line export file published with the file's
// checkpoint in one Kafka transaction per batch, for several batch sizes, beside the rate
// at which a bare kafkajs producer (createDurableProducer, no parsing, no transactions)
// writes the same readings to the same broker in the same run.
//   npx tsx tests/bench/platform-connector.bench.ts   (KAFKA_BROKERS=… to use a running broker)
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withUsccCheckCharacter } from '@carbon-account/accounting';
import { freePort, type LocalKafka, startLocalKafka } from '@carbon-account/infra';
import {
  createDurableProducer,
  createKafka,
  ensureTopics,
  topicNames,
} from '@carbon-account/kafka';
import { createLogger } from '@carbon-account/runtime';
import { markdownTable, peakRssMb, peakTreeRssMb, percentile } from '../src/measure.js';
import { startService } from '../src/service-process.js';

const LINES = 100_000;
const ACCOUNTS = 50;
const dir = mkdtempSync(join(tmpdir(), 'bench-platform-'));
const logger = createLogger('bench', 'warn');
// Kafka only (this bench needs no ClickHouse): the broker named by KAFKA_BROKERS, or a
// local one of its own.
const local: LocalKafka | undefined = process.env.KAFKA_BROKERS
  ? undefined
  : await startLocalKafka({ dir: join(dir, 'kafka') });
const brokers = local?.brokers ?? (process.env.KAFKA_BROKERS as string).split(',');
const kafka = createKafka({ brokers, clientId: 'bench', logger });
const run = `b${process.pid}_${Date.now().toString(36)}`;

const orgs = Array.from({ length: ACCOUNTS }, (_, i) =>
  withUsccCheckCharacter(`91500237B${String(i).padStart(8, '0')}`),
);
const mapping = join(dir, 'mapping.json');
writeFileSync(
  mapping,
  JSON.stringify({
    accounts: orgs.map((orgId, i) => ({ accountNo: `50023700${i}`, orgId, meterId: 'grid-main' })),
  }),
);
const beijing = (ms: number) =>
  new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
const start = Date.UTC(2024, 11, 31, 16);
const lines = ['户号,户名,表计编号,抄表起始时间,抄表截止时间,电量(kWh)'];
for (let i = 0; i < LINES; i++) {
  const h = Math.floor(i / ACCOUNTS);
  const a = i % ACCOUNTS;
  lines.push(
    `50023700${a},巫山县测试企业${a},M-${a},${beijing(start + h * 3600_000)},${beijing(start + (h + 1) * 3600_000)},"${(1000 + (i % 777)).toLocaleString('en-US')}.5"`,
  );
}
const csv = `${lines.join('\r\n')}\r\n`;

async function connectorRun(batchLines: number, nodeOptions = '') {
  const name = `${batchLines}${nodeOptions ? '_capped' : ''}`;
  const prefix = `${run}_${name}.`;
  const inbox = join(dir, `inbox-${name}`);
  mkdirSync(inbox);
  const staged = join(dir, `staged-${name}.csv`);
  writeFileSync(staged, csv);
  const port = await freePort();
  const service = startService('platform-connector', {
    ...process.env,
    KAFKA_BROKERS: brokers.join(','),
    KAFKA_TOPIC_PREFIX: prefix,
    KAFKA_PARTITIONS: '6',
    INBOX_DIR: inbox,
    MAPPING_FILE: mapping,
    INBOX_SETTLE_MS: '0',
    POLL_INTERVAL_MS: '100',
    BATCH_LINES: String(batchLines),
    PORT: String(port),
    LOG_LEVEL: 'warn',
    NODE_OPTIONS: nodeOptions,
  });
  for (;;) {
    if (service.child.exitCode !== null) {
      throw new Error('the connector exited at start; run it with LOG_LEVEL=info to see why');
    }
    const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const t0 = performance.now();
  renameSync(staged, join(inbox, 'bench.csv'));
  let rss = 0;
  while (!existsSync(join(inbox, 'done', 'bench.csv'))) {
    rss = Math.max(rss, peakTreeRssMb(service.child.pid ?? 0));
    await new Promise((r) => setTimeout(r, 20));
  }
  const seconds = (performance.now() - t0) / 1000;
  rss = Math.max(rss, peakTreeRssMb(service.child.pid ?? 0));
  await service.stop();
  // Time between consecutive committed checkpoints = one batch: read, map, transaction.
  const times: number[] = [];
  const consumer = kafka.consumer({ groupId: `${prefix}bench-reader` });
  await consumer.connect();
  await consumer.subscribe({
    topic: `${prefix}platform-connector.checkpoints.v1`,
    fromBeginning: true,
  });
  const expected = Math.ceil(LINES / batchLines) + (LINES % batchLines === 0 ? 1 : 0);
  await new Promise<void>((resolve) => {
    void consumer.run({
      eachMessage: async ({ message }) => {
        times.push(Date.parse(JSON.parse(String(message.value)).updatedAt));
        if (times.length >= expected) resolve();
      },
    });
  });
  await consumer.disconnect();
  const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
  return { seconds, rss, gaps };
}

async function bareProducerRun() {
  const topics = topicNames(`${run}_bare.`);
  await ensureTopics(kafka, topics, { partitions: 6, replicationFactor: 1 });
  const producer = await createDurableProducer(kafka);
  const messages = Array.from({ length: LINES }, (_, i) => {
    const a = i % ACCOUNTS;
    const h = Math.floor(i / ACCOUNTS);
    const periodStart = new Date(start + h * 3600_000 + 8 * 3600_000)
      .toISOString()
      .replace('.000Z', '+08:00');
    return {
      topic: topics.readings,
      key: orgs[a] as string,
      value: JSON.stringify({
        readingId: `p:50023700${a}:M-${a}:${periodStart}`,
        orgId: orgs[a],
        meterId: 'grid-main',
        source: 'platform',
        type: 'electricity',
        quantity: 1000.5 + (i % 777),
        unit: 'kWh',
        periodStart,
        periodEnd: periodStart,
        greenElectricityKWh: 0,
      }),
    };
  });
  const gaps: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < messages.length; i += 1000) {
    const s = performance.now();
    await producer.send(messages.slice(i, i + 1000));
    gaps.push(performance.now() - s);
  }
  const seconds = (performance.now() - t0) / 1000;
  await producer.disconnect();
  return { seconds, gaps, rss: peakRssMb(process.pid) ?? 0 };
}

const rows: (string | number)[][] = [];
const fmt = (n: number) => Math.round(n).toLocaleString('en');
const bare = await bareProducerRun();
rows.push([
  'bare kafkajs producer, 1,000 per send (baseline)',
  fmt(LINES / bare.seconds),
  fmt(percentile(bare.gaps, 50)),
  fmt(percentile(bare.gaps, 99)),
  `${fmt(bare.rss)} (bench process)`,
]);
const variants: [number, string][] = [
  [200, ''],
  [1000, ''],
  [5000, ''],
  // V8 grows the heap lazily; the live set is small, so a cap bounds RSS (README).
  [1000, '--max-old-space-size=192'],
];
for (const [batchLines, nodeOptions] of variants) {
  const r = await connectorRun(batchLines, nodeOptions);
  rows.push([
    `connector, UTF-8 CSV, BATCH_LINES=${batchLines}${nodeOptions ? `, NODE_OPTIONS=${nodeOptions}` : ''}`,
    fmt(LINES / r.seconds),
    fmt(percentile(r.gaps, 50)),
    fmt(percentile(r.gaps, 99)),
    fmt(r.rss),
  ]);
}
console.log(
  `\n### platform-connector: ${LINES.toLocaleString('en')}-line export, Kafka ${local ? 'local' : 'from KAFKA_BROKERS'}\n`,
);
console.log(
  markdownTable(['what', 'lines/s', 'p50 ms per batch', 'p99 ms per batch', 'peak RSS MB'], rows),
);
await local?.stop();
rmSync(dir, { recursive: true, force: true });
process.exit(0);
