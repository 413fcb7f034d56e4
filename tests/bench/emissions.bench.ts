// Emissions-processor throughput, Kafka → ClickHouse, beside two ceilings measured in the
// same run on the same machine: a bare kafkajs consumer reading the same topic, and one
// bulk INSERT per table of the same rows. Then the account processor catching up with the
// emission lines the processor published, and what ClickHouse spent the processor's run
// on (its query_log and part_log). Run: npx tsx tests/bench/emissions.bench.ts
// (BENCH_READINGS, BENCH_PARTITIONS, BENCH_CEILINGS=0 to skip the ceilings, and
// PARTITIONS_CONCURRENTLY / MAX_BATCH_BYTES / BENCH_PROCESSOR_NODE_OPTIONS for the
// processor may be set). Uses KAFKA_BROKERS / CLICKHOUSE_URL when set, else local servers
// whose data lives in BENCH_DATA_DIR (default: tmpfs, see benchDataDir).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFactorLibrary } from '@carbon-account/accounting';
import {
  createClickHouse,
  ensureDatabase,
  migrate,
  RowBinaryWriter,
  rawSql,
} from '@carbon-account/clickhouse';
import {
  computeBatch,
  decodeBatch,
  emissionLineRow,
  emissionLinesTable,
  lineOfEmissionLines,
  readingRow,
  readingsTable,
  replacedOfEmissionLines,
  replacedRow,
} from '@carbon-account/emissions-processor/pipeline';
import {
  EMISSIONS_PROCESSOR_ENV,
  freePort,
  projectRoot,
  provideServices,
} from '@carbon-account/infra';
import { type ConsumedMessage, createKafka, ensureTopics, topicNames } from '@carbon-account/kafka';
import { createLogger } from '@carbon-account/runtime';
import { clickhouseWork } from '../src/clickhouse-work.js';
import {
  cpuSecondsOfAll,
  descendantsRunning,
  machineCpuSeconds,
  markdownTable,
  peakTreeRssMb,
} from '../src/measure.js';
import { caughtUp, produceReadings } from '../src/pipeline-checks.js';
import { testOrgIds, testReadings } from '../src/readings.js';
import { startService } from '../src/service-process.js';

const N = Number(process.env.BENCH_READINGS ?? 300_000);
const PARTITIONS = Number(process.env.BENCH_PARTITIONS ?? 3);
const logger = createLogger('bench', 'warn');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const perSecond = (n: number, ms: number) => Math.round((n / ms) * 1000);
const load = () => spawnSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).stdout.split(' ')[0];

/**
 * Where the servers this bench starts keep their data: tmpfs (/dev/shm) when it has room,
 * else the temp dir; BENCH_DATA_DIR chooses. On a disk whose ext4 has no journal (this
 * project's build machines), the kernel checks every recently deleted inode before it
 * hands out a new one, and ClickHouse creates ~350 files per INSERT: there, two thirds of
 * ClickHouse's CPU went to ext4_create (perf), and the figures swung with how many files
 * earlier runs had just deleted. See services/emissions-processor/README.md.
 */
function benchDataDir(): string {
  if (process.env.BENCH_DATA_DIR) return process.env.BENCH_DATA_DIR;
  try {
    const shm = statfsSync('/dev/shm');
    if (shm.type === TMPFS_MAGIC && shm.bavail * shm.bsize > 4 * 2 ** 30) return '/dev/shm';
  } catch {
    // no /dev/shm: the temp dir
  }
  return tmpdir();
}
const TMPFS_MAGIC = 0x01021994;
const dataDir = benchDataDir();
const dataOnTmpfs = statfsSync(dataDir).type === TMPFS_MAGIC;
const dir = mkdtempSync(join(dataDir, 'bench-emissions-'));
// On tmpfs a run's data is memory: removed at the end, and also when the run fails.
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const services = await provideServices({ dir, log: (l) => logger.info(l) });
const kafka = createKafka({ brokers: services.brokers, clientId: 'bench', logger });
const run = `bench${Date.now().toString(36)}`;
const topics = topicNames(`${run}.`);
await ensureTopics(kafka, topics, { partitions: PARTITIONS, replicationFactor: 1 });

async function freshDatabase(name: string) {
  await ensureDatabase(services.clickhouseUrl, name);
  const ch = createClickHouse({ url: services.clickhouseUrl, database: name });
  await migrate(ch, join(projectRoot, 'schemas', 'clickhouse'));
  return ch;
}

// 1. The same readings for all three measurements, produced once.
const orgs = testOrgIds(Math.ceil(N / 2000), 'B');
const readings = testReadings({
  orgIds: orgs,
  from: '2025-01-01T00:00:00+08:00',
  hours: 2000,
  seed: 3,
}).slice(0, N);
await produceReadings(kafka, topics, readings);
const loadBefore = load();

// 2. Ceiling: a bare kafkajs consumer (no decoding, no storage), from first batch to last.
async function bareConsumer(): Promise<{ ms: number; totalMs: number }> {
  const consumer = kafka.consumer({
    groupId: `${run}.bare`,
    maxBytesPerPartition: 2 * 1024 * 1024,
    maxBytes: 8 * 1024 * 1024,
  });
  const started = performance.now();
  await consumer.connect();
  await consumer.subscribe({ topics: [topics.readings], fromBeginning: true });
  let count = 0;
  let first = 0;
  const done = new Promise<number>((resolve) => {
    void consumer.run({
      partitionsConsumedConcurrently: PARTITIONS,
      eachBatch: async ({ batch }) => {
        if (first === 0) first = performance.now();
        count += batch.messages.length;
        if (count >= N) resolve(performance.now());
      },
    });
  });
  const end = await done;
  await consumer.disconnect();
  return { ms: end - first, totalMs: end - started };
}
const CEILINGS = process.env.BENCH_CEILINGS !== '0';
const bare = CEILINGS ? await bareConsumer() : { ms: Number.NaN, totalMs: Number.NaN };

// 3. Ceiling: the processor's rows for every reading, one INSERT per table (views included).
const library = createFactorLibrary();
const messages: ConsumedMessage[] = readings.map((r, i) => ({
  topic: topics.readings,
  partition: 0,
  offset: String(i),
  key: r.orgId,
  value: Buffer.from(JSON.stringify(r)),
  timestamp: String(Date.now()),
}));
const { lines } = computeBatch(decodeBatch(messages).decoded, library);
messages.length = 0;
async function bulkInsert(): Promise<number> {
  const now = Math.floor(Date.now() / 1000);
  // Encoded beforehand as the processor encodes them (RowBinary): the time is ClickHouse's
  // taking them, one INSERT per table; the processor's encoding is in its own CPU figures.
  const readingRows = new RowBinaryWriter(lines.length * 200);
  const lineRows = new RowBinaryWriter(lines.length * 340);
  for (const l of lines) {
    readingsTable.encode(readingRows, readingRow(l, now));
    lineOfEmissionLines.encode(lineRows, emissionLineRow(l, 'AR6', now));
    replacedOfEmissionLines.encode(lineRows, replacedRow());
  }
  const bulkCh = await freshDatabase(`${run}_bulk`);
  const bulkStart = performance.now();
  await bulkCh.insertRowBinary(readingsTable, readingRows.bytes());
  await bulkCh.insertRowBinary(emissionLinesTable, lineRows.bytes());
  const ms = performance.now() - bulkStart;
  await bulkCh.command(rawSql(`DROP DATABASE ${run}_bulk`));
  await bulkCh.close();
  return ms;
}
const bulkMs = CEILINGS ? await bulkInsert() : Number.NaN;

// 4. The processor in its own process: from start, and from its first stored batch, to caught up.
const ch = await freshDatabase(`${run}_proc`);
const port = await freePort();
const metrics = async () => (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
const sample = (text: string, name: string, label = '') =>
  text
    .split('\n')
    .filter((l) => l.startsWith(name) && l.includes(label) && !l.startsWith('#'))
    .reduce((s, l) => s + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
/** The env of a service of this run: its broker, database and topics. */
const runEnv = (extra: Record<string, string>) => ({
  ...process.env,
  KAFKA_BROKERS: services.brokers.join(','),
  CLICKHOUSE_URL: services.clickhouseUrl,
  CLICKHOUSE_DATABASE: `${run}_proc`,
  KAFKA_TOPIC_PREFIX: `${run}.`,
  LOG_LEVEL: 'warn',
  ...extra,
});
const processorStart = performance.now();
const processorStartedAt = new Date();
const processor = startService(
  'emissions-processor',
  runEnv({
    PORT: String(port),
    ...EMISSIONS_PROCESSOR_ENV,
    NODE_OPTIONS: process.env.BENCH_PROCESSOR_NODE_OPTIONS ?? EMISSIONS_PROCESSOR_ENV.NODE_OPTIONS,
  }),
);
// CPU of the servers this bench started (none when KAFKA_BROKERS / CLICKHOUSE_URL name
// others): with the processor's own, it says which process the 2 cores went to.
const serverPids = {
  clickhouse: descendantsRunning(process.pid, 'clickhouse-server'),
  broker: descendantsRunning(process.pid, 'kafka'),
};
const serverCpu = () => ({
  clickhouse: cpuSecondsOfAll(serverPids.clickhouse),
  broker: cpuSecondsOfAll(serverPids.broker),
  machine: machineCpuSeconds(),
});
let serverCpuAtFirst = serverCpu();
/** Peaks of the processor's memory as its /metrics gives it (MB): where its RSS goes. */
const memoryPeak = { heapUsed: 0, heapTotal: 0, external: 0 };
let firstStored = 0;
let storedAtFirst = 0;
let cpuAtFirst = 0;
while (!(await caughtUp(kafka, `${run}.emissions-processor`, topics.readings).catch(() => false))) {
  if (processor.child.exitCode !== null)
    throw new Error('the processor exited; run it with LOG_LEVEL=info to see why');
  const now = await metrics().catch(() => '');
  for (const [key, metric] of [
    ['heapUsed', 'nodejs_heap_size_used_bytes'],
    ['heapTotal', 'nodejs_heap_size_total_bytes'],
    ['external', 'nodejs_external_memory_bytes'],
  ] as const) {
    memoryPeak[key] = Math.max(memoryPeak[key], sample(now, metric) / 2 ** 20);
  }
  if (firstStored === 0) {
    const stored = sample(now, 'readings_stored_total');
    if (stored > 0) {
      firstStored = performance.now();
      storedAtFirst = stored;
      cpuAtFirst = sample(now, 'process_cpu_seconds_total');
      serverCpuAtFirst = serverCpu();
    }
  }
  await sleep(100);
}
const processorEnd = performance.now();
const processorCaughtUpAt = new Date();
const serverCpuAtEnd = serverCpu();
const text = await metrics();
const processorRss = peakTreeRssMb(processor.child.pid as number);
const [row] = await ch.query<{ n: string }>(
  rawSql('SELECT uniqExact(org_id, reading_id) AS n FROM emission_lines'),
);
await processor.stop();
const chWork = await clickhouseWork(ch, {
  database: `${run}_proc`,
  from: processorStartedAt,
  to: processorCaughtUpAt,
});

// 5. The account processor, from a fresh group, through every line the emissions processor
// published (their monthly sums are in the same database): how fast it catches up with a
// backlog, beside the emissions processor's rate that fills it.
writeFileSync(
  join(dir, 'orgs.json'),
  JSON.stringify({
    orgs: orgs.map((orgId, i) => ({
      orgId,
      name: `bench ${i}`,
      industryCode: ['C3011', 'C2614', 'D4411', 'E4710'][i % 4],
      town: '高唐街道',
      regionCode: '500237',
    })),
  }),
);
const offsetsAdmin = kafka.admin();
await offsetsAdmin.connect();
const linesPublished = (await offsetsAdmin.fetchTopicOffsets(topics.emissions)).reduce(
  (n, p) => n + Number(p.high),
  0,
);
await offsetsAdmin.disconnect();
const accountsPort = await freePort();
const accountsStart = performance.now();
const accounts = startService(
  'account-processor',
  runEnv({
    ORG_REGISTRY_FILE: join(dir, 'orgs.json'),
    PORT: String(accountsPort),
  }),
);
const accountsMetrics = async () =>
  (await fetch(`http://127.0.0.1:${accountsPort}/metrics`)).text();
let accountsFirst = 0;
while (!(await caughtUp(kafka, `${run}.account-processor`, topics.emissions).catch(() => false))) {
  if (accounts.child.exitCode !== null)
    throw new Error('the account processor exited; run it with LOG_LEVEL=info to see why');
  if (accountsFirst === 0) {
    const now = await accountsMetrics().catch(() => '');
    if (sample(now, 'accounts_computed_total') > 0) accountsFirst = performance.now();
  }
  await sleep(100);
}
const accountsEnd = performance.now();
const accountsText = await accountsMetrics();
const accountsRss = peakTreeRssMb(accounts.child.pid as number);
await accounts.stop();
await ch.command(rawSql(`DROP DATABASE ${run}_proc`));
await ch.close();

// 6. The report.
const steadyMs = processorEnd - firstStored;
const steadyReadings = Math.max(1, N - storedAtFirst);
const steady = perSecond(steadyReadings, steadyMs);
const batches = sample(text, 'batch_duration_seconds_count');
const cpuSeconds = sample(text, 'process_cpu_seconds_total');
const bucketLine = (le: string) => sample(text, 'batch_duration_seconds_bucket', `le="${le}"`);
const les = ['0.01', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '10', '+Inf'];
const pct = (p: number) => les.find((le) => bucketLine(le) >= (p / 100) * batches) ?? '?';
/** A ceiling's row of the report, or what says it was not measured. */
const ceilingRow = (name: string, readings: number, ms: number, note: string) =>
  CEILINGS
    ? [name, perSecond(readings, ms), (ms / 1000).toFixed(2), '', note]
    : [name, '-', '-', '', 'not measured (BENCH_CEILINGS=0)'];
const lowerCeiling = Math.min(perSecond(N, bare.ms), perSecond(lines.length, bulkMs));
console.log(
  `Emissions processor, ${N.toLocaleString('en')} readings, ${PARTITIONS} partitions, ${services.source.kafka} Kafka / ${services.source.clickhouse} ClickHouse` +
    (services.source.clickhouse === 'local'
      ? `, their data in ${dataDir} (${dataOnTmpfs ? 'tmpfs' : 'not tmpfs'}). `
      : '. ') +
    `Load average before: ${loadBefore}, after: ${load()} (the machine's 2 cores are shared with other work; figures vary between runs).\n`,
);
console.log(
  markdownTable(
    ['measurement', 'readings/s', 'time (s)', 'peak RSS (MB)', 'note'],
    [
      ceilingRow(
        'bare kafkajs consumer (ceiling)',
        N,
        bare.ms,
        `first batch → last; ${(bare.totalMs / 1000).toFixed(1)} s with group join`,
      ),
      ceilingRow(
        'one bulk INSERT per table (ceiling)',
        lines.length,
        bulkMs,
        'readings + emission_lines with their views, rows encoded beforehand',
      ),
      [
        'emissions processor, steady',
        steady,
        (steadyMs / 1000).toFixed(2),
        processorRss.toFixed(0),
        CEILINGS
          ? `first stored batch → caught up; ${Math.round((steady / lowerCeiling) * 100)} % of the lower ceiling`
          : 'first stored batch → caught up',
      ],
      [
        'emissions processor, from start',
        perSecond(N, processorEnd - processorStart),
        ((processorEnd - processorStart) / 1000).toFixed(2),
        processorRss.toFixed(0),
        'includes tsx start and group join',
      ],
    ],
  ),
);
const accountsSteadyMs = accountsEnd - accountsFirst;
console.log(
  `\nAccount processor catching up with the ${linesPublished.toLocaleString('en')} emission lines above from a fresh group (${orgs.length} orgs, 4 sections, 3 months; RECOMPUTE_INTERVAL_MS and MAX_BATCH_BYTES at their defaults unless set): ` +
    `${perSecond(linesPublished, accountsSteadyMs).toLocaleString('en')} lines/s from its first recompute to caught up (${(accountsSteadyMs / 1000).toFixed(1)} s; ${((accountsEnd - accountsStart) / 1000).toFixed(1)} s from start), ` +
    `beside the emissions processor's ${steady.toLocaleString('en')} readings/s that fill the backlog. ` +
    `${sample(accountsText, 'accounts_computed_total').toLocaleString('en')} accounts computed, ${sample(accountsText, 'account_versions_written_total')} versions written. Peak RSS ${accountsRss.toFixed(0)} MB.\n`,
);
const steps = ['decode', 'compute', 'encode', 'lookup', 'plan', 'store', 'publish'];
const stepTotal = steps.reduce(
  (s, st) => s + sample(text, 'batch_step_seconds_total', `step="${st}"`),
  0,
);
console.log(
  `\nBatches: ${batches}, ${Math.round(N / Math.max(1, batches))} readings each on average; batch duration p50 ≤ ${pct(50)} s, p95 ≤ ${pct(95)} s, p99 ≤ ${pct(99)} s (histogram buckets). Stored and distinct: ${row?.n} of ${N}. Processor CPU: ${cpuSeconds.toFixed(1)} s, ${((cpuSeconds / N) * 1e6).toFixed(0)} µs per reading; ` +
    `steady (first stored batch → caught up, without start-up): ${(((cpuSeconds - cpuAtFirst) / steadyReadings) * 1e6).toFixed(0)} µs per reading. ` +
    `Processor memory, peaks sampled: heap used ${memoryPeak.heapUsed.toFixed(0)} MB, heap reserved ${memoryPeak.heapTotal.toFixed(0)} MB, outside the heap (buffers) ${memoryPeak.external.toFixed(0)} MB.\n`,
);
const steadyCpu = [
  ['emissions processor', cpuSeconds - cpuAtFirst],
  ...(serverPids.clickhouse.length > 0
    ? [['ClickHouse server', serverCpuAtEnd.clickhouse - serverCpuAtFirst.clickhouse] as const]
    : []),
  ...(serverPids.broker.length > 0
    ? [['Kafka broker', serverCpuAtEnd.broker - serverCpuAtFirst.broker] as const]
    : []),
  [
    'whole machine (all of the above, this bench and anything else)',
    serverCpuAtEnd.machine - serverCpuAtFirst.machine,
  ],
] as const;
console.log(
  `Where the CPU went while the processor was steady (${(steadyMs / 1000).toFixed(1)} s, ${steadyReadings.toLocaleString('en')} readings; /proc of each process; merges that ClickHouse runs after the processor caught up are not in it):\n`,
);
console.log(
  markdownTable(
    ['process', 'CPU seconds', 'µs per reading', 'cores busy'],
    steadyCpu.map(([name, seconds]) => [
      name,
      seconds.toFixed(1),
      ((seconds / steadyReadings) * 1e6).toFixed(0),
      (seconds / (steadyMs / 1000)).toFixed(2),
    ]),
  ),
);
console.log('');
console.log(
  markdownTable(
    ['step', 'seconds (all batches)', 'share'],
    steps.map((st) => {
      const s = sample(text, 'batch_step_seconds_total', `step="${st}"`);
      return [st, s.toFixed(2), `${Math.round((s / stepTotal) * 100)} %`];
    }),
  ),
);
console.log(
  "\nClickHouse's work for the processor, from the server's query_log (queries until it caught up) and part_log (parts written and merged until it stopped). Wall seconds summed, not CPU; merges run beside the INSERTs, and the bulk INSERT ceiling includes none:\n",
);
console.log(
  'work' in chWork
    ? markdownTable(
        ['work', 'count', 'seconds', 'rows read or written'],
        chWork.work.map((w) => [w.work, w.count, w.seconds.toFixed(2), w.rows]),
      )
    : `not available from this server: ${chWork.unavailable}`,
);
// Leave nothing on a shared broker: the run's topics (and with them its groups' offsets).
const admin = kafka.admin();
await admin.connect();
await admin.deleteTopics({ topics: Object.values(topics) });
await admin.disconnect();
await services.stop();
rmSync(dir, { recursive: true, force: true });
process.exit(0);
