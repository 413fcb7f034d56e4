// Ingest API throughput against a bare kafkajs producer, same records, same broker, same run:
//   npm run bench -- ingest    (or: npx tsx tests/bench/ingest.bench.ts)
// Uses KAFKA_BROKERS when set, else starts Kafka itself (infra/src/services.ts).
import { fork } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  freePort,
  projectRoot,
  provideServices,
  serviceCommand,
  startTethered,
} from '@carbon-account/infra';
import { createKafka, ensureTopics, topicNames } from '@carbon-account/kafka';
import { createLogger } from '@carbon-account/runtime';
import {
  cpuSecondsOfAll,
  descendants,
  descendantsRunning,
  machineCpuSeconds,
  markdownTable,
  peakTreeRssMb,
  percentile,
} from '../src/measure.js';
import type { BareProducerStart } from './bare-producer.js';
import { BATCH, type Driven, drive, ingestBatches } from './ingest-load.js';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 4);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);
const WARMUP = 20;
// A broker this bench started is a fresh JVM, and the API too compiles its hot paths as it
// runs: every contender is driven, in turns, for this long before anything is measured, so
// neither start-up is charged to whichever contender comes first.
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 30);

const dir = mkdtempSync(join(tmpdir(), 'bench-ingest-'));
const services = await provideServices({ dir, useContainers: false });
const logger = createLogger('bench', 'warn');
const run = Date.now().toString(36);
const kafka = createKafka({ brokers: services.brokers, clientId: 'bench', logger });
const apiTopics = topicNames(`bench-${run}-api.`);
const bareTopics = topicNames(`bench-${run}-bare.`);
const bareDefaultTopics = topicNames(`bench-${run}-bare2.`);
const barePackedTopics = topicNames(`bench-${run}-bare3.`);
for (const t of [apiTopics, bareTopics, bareDefaultTopics, barePackedTopics]) {
  await ensureTopics(kafka, t, { partitions: 6, replicationFactor: 1 });
}

const batches = ingestBatches(WARMUP + REQUESTS);
const bodies = batches.map((b) => JSON.stringify(b));

// --- the ingest API in its own process
const key = `bench-${randomUUID()}`;
const keysFile = join(dir, 'keys.json');
writeFileSync(
  keysFile,
  JSON.stringify({
    keys: [
      {
        id: 'bench',
        kind: 'platform',
        sha256: createHash('sha256').update(key).digest('hex'),
        regionPrefixes: ['500237'],
      },
    ],
  }),
);
const port = await freePort();
// e.g. BENCH_API_NODE_FLAGS="--cpu-prof --cpu-prof-dir=prof" to profile the API under load
const apiCommand = serviceCommand(
  'ingest-api',
  (process.env.BENCH_API_NODE_FLAGS ?? '').split(' ').filter(Boolean),
);
const api = startTethered(apiCommand.command, apiCommand.args, {
  cwd: projectRoot,
  env: {
    ...process.env,
    KAFKA_BROKERS: services.brokers.join(','),
    KAFKA_TOPIC_PREFIX: `bench-${run}-api.`,
    PORT: String(port),
    INGEST_API_KEYS_FILE: keysFile,
    LOG_LEVEL: 'warn',
  },
  stdout: 'inherit',
});
const url = `http://127.0.0.1:${port}`;
for (let i = 0; ; i++) {
  if (
    await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    )
  )
    break;
  if (i > 240) throw new Error('the ingest API did not become ready');
  await new Promise((r) => setTimeout(r, 250));
}

interface Result {
  what: string;
  readings: number;
  seconds: number;
  latencies: number[];
  /** CPU seconds of the producing process: the API's, or the bare producer's. */
  cpuSeconds: number;
  /** CPU seconds of the bench process (the HTTP clients, for the API) while it drove this. */
  benchCpuSeconds: number;
  /** CPU seconds of the broker meanwhile, when this bench started it. */
  brokerCpuSeconds: number;
  /** CPU seconds of the whole machine meanwhile: producer, clients and broker. */
  machineCpuSeconds: number;
  rssMb?: number;
}

const noCpuYet = { cpuSeconds: 0, benchCpuSeconds: 0, brokerCpuSeconds: 0, machineCpuSeconds: 0 };

/** CPU seconds used so far by the API process and its children. */
const apiCpuSeconds = () => cpuSecondsOfAll(descendants(api.child.pid ?? 0));
/** The Kafka broker, when this bench started it (not when KAFKA_BROKERS names one). */
const brokerPids = descendantsRunning(process.pid, 'kafka');
const brokerCpuSeconds = () => cpuSecondsOfAll(brokerPids);
const benchCpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

// node:http, not fetch: the clients share the API's two cores, and undici's fetch spent
// about 9 ms of CPU per request of 1,000 readings, nearly what the API spent serving it.
const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
const bodyBuffers = bodies.map((b) => Buffer.from(b));
const post = (i: number) =>
  new Promise<number>((resolve, reject) => {
    const body = bodyBuffers[i] as Buffer;
    const req = request(
      `${url}/v1/readings`,
      {
        method: 'POST',
        agent,
        headers: {
          authorization: `Bearer ${key}`,
          'content-type': 'application/json',
          'content-length': body.length,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          if (res.statusCode !== 202) {
            reject(new Error(`ingest API answered ${res.statusCode}`));
            return;
          }
          resolve((JSON.parse(Buffer.concat(chunks).toString()) as { accepted: number }).accepted);
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });

// --- kafkajs alone, the same records as the API writes them, each producer in a process
// of its own as the API is
const bareProducer = async (topic: string, idempotent: boolean, packed = false) => {
  const child = fork(join(projectRoot, 'tests', 'bench', 'bare-producer.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: 'inherit',
  });
  const next = () =>
    new Promise<unknown>((resolve, reject) => {
      child.once('message', resolve);
      child.once('exit', (code) => reject(new Error(`the bare producer exited (${code})`)));
    });
  const ready = next();
  child.send({
    brokers: services.brokers,
    topic,
    idempotent,
    packed,
    batches: batches.length,
    clients: CLIENTS,
  } satisfies BareProducerStart);
  await ready;
  return {
    pid: child.pid ?? 0,
    run: async (indices: number[]) => {
      const done = next();
      child.send({ indices });
      return (await done) as Driven;
    },
    stop: () => child.disconnect(),
  };
};
const bareIdempotent = await bareProducer(bareTopics.readings, true);
const bareDefault = await bareProducer(bareDefaultTopics.readings, false);
const barePacked = await bareProducer(barePackedTopics.readings, true, true);

const processCpuSeconds = (pid: number) => () => cpuSecondsOfAll([pid, ...descendants(pid)]);
const contenders = [
  {
    what: `ingest-api, JSON, ${BATCH.toLocaleString('en')}/request, ${CLIENTS} clients`,
    run: (indices: number[]) => drive(CLIENTS, indices, post),
    cpu: apiCpuSeconds,
    peakRssMb: () => peakTreeRssMb(api.child.pid ?? 0),
  },
  {
    what: `kafkajs alone, idempotent, acks=all, ${CLIENTS} concurrent sends of ${BATCH.toLocaleString('en')}`,
    run: bareIdempotent.run,
    cpu: processCpuSeconds(bareIdempotent.pid),
    peakRssMb: () => peakTreeRssMb(bareIdempotent.pid),
  },
  {
    what: `kafkajs alone, default producer, acks=all, ${CLIENTS} concurrent sends of ${BATCH.toLocaleString('en')}`,
    run: bareDefault.run,
    cpu: processCpuSeconds(bareDefault.pid),
    peakRssMb: () => peakTreeRssMb(bareDefault.pid),
  },
  {
    what: `kafkajs alone, idempotent, acks=all, records packed as the API packs them, ${CLIENTS} concurrent sends of ${BATCH.toLocaleString('en')}`,
    run: barePacked.run,
    cpu: processCpuSeconds(barePacked.pid),
    peakRssMb: () => peakTreeRssMb(barePacked.pid),
  },
];
const loadBefore = loadavg()[0]?.toFixed(1);
const warmup = Array.from({ length: WARMUP }, (_, i) => i);
let warmupToApi = 0;
for (const started = performance.now(); ; ) {
  for (const [k, c] of contenders.entries()) {
    const r = await c.run(warmup);
    if (k === 0) warmupToApi += r.readings;
  }
  if (performance.now() - started > WARMUP_SECONDS * 1000) break;
}
// Rounds take turns, each starting with the next contender, so load from elsewhere on the
// machine falls on all of them alike.
const ROUNDS = 3;
const results: Result[] = contenders.map((c) => ({
  what: c.what,
  readings: 0,
  seconds: 0,
  latencies: [],
  ...noCpuYet,
}));
for (let round = 0; round < ROUNDS; round++) {
  const from = WARMUP + Math.floor((round * REQUESTS) / ROUNDS);
  const to = WARMUP + Math.floor(((round + 1) * REQUESTS) / ROUNDS);
  const indices = Array.from({ length: to - from }, (_, i) => from + i);
  for (let turn = 0; turn < contenders.length; turn++) {
    const k = (round + turn) % contenders.length;
    const c = contenders[k] as (typeof contenders)[number];
    const cpuBefore = c.cpu();
    const benchBefore = benchCpuSeconds();
    const brokerBefore = brokerCpuSeconds();
    const machineBefore = machineCpuSeconds();
    const r = await c.run(indices);
    const total = results[k] as Result;
    total.cpuSeconds += c.cpu() - cpuBefore;
    total.benchCpuSeconds += benchCpuSeconds() - benchBefore;
    total.brokerCpuSeconds += brokerCpuSeconds() - brokerBefore;
    total.machineCpuSeconds += machineCpuSeconds() - machineBefore;
    total.readings += r.readings;
    total.seconds += r.seconds;
    total.latencies.push(...r.latencies);
  }
}
const [apiResult, bareIdempotentResult, bareDefaultResult, barePackedResult] = results as [
  Result,
  Result,
  Result,
  Result,
];
for (const [k, c] of contenders.entries()) (results[k] as Result).rssMb = c.peakRssMb();
bareIdempotent.stop();
bareDefault.stop();
barePacked.stop();

// What the API acknowledged is on its topic.
const admin = kafka.admin();
await admin.connect();
const onTopic = (await admin.fetchTopicOffsets(apiTopics.readings)).reduce(
  (s, p) => s + Number(p.high),
  0,
);
await admin.disconnect();

agent.destroy();
await api.stop();
await services.stop();
rmSync(dir, { recursive: true, force: true });

const best = Math.max(
  bareIdempotentResult.readings / bareIdempotentResult.seconds,
  bareDefaultResult.readings / bareDefaultResult.seconds,
);
const packedRate = barePackedResult.readings / barePackedResult.seconds;
const rows = [apiResult, bareIdempotentResult, bareDefaultResult, barePackedResult].map((r) => {
  const rate = r.readings / r.seconds;
  return [
    r.what,
    r.readings.toLocaleString('en'),
    Math.round(rate).toLocaleString('en'),
    `${Math.round((100 * rate) / best)} %`,
    `${Math.round((100 * rate) / packedRate)} %`,
    percentile(r.latencies, 50).toFixed(1),
    percentile(r.latencies, 99).toFixed(1),
    ((1000 * r.cpuSeconds) / (r.readings / 1000)).toFixed(1),
    ((1000 * r.benchCpuSeconds) / (r.readings / 1000)).toFixed(1),
    brokerPids.length > 0 ? ((1000 * r.brokerCpuSeconds) / (r.readings / 1000)).toFixed(1) : 'n/a',
    ((1000 * r.machineCpuSeconds) / (r.readings / 1000)).toFixed(1),
    (r.rssMb ?? 0).toFixed(0),
  ];
});
console.log(
  `## Ingest API (Kafka: ${services.source.kafka}; ${warmupToApi + REQUESTS * BATCH} readings on the API topic expected (the warm-up's sent again and again), ${onTopic} found)\n`,
);
console.log(
  markdownTable(
    [
      'producer',
      'readings',
      'readings/s',
      'of best bare',
      'of packed bare',
      'p50 ms/batch',
      'p99 ms/batch',
      'CPU ms per 1,000',
      'bench process CPU ms per 1,000',
      'broker CPU ms per 1,000',
      'machine CPU ms per 1,000',
      'peak RSS MB, producing process',
    ],
    rows,
  ),
);
console.log(
  `\nLoad average (1 min) ${loadBefore} before, ${loadavg()[0]?.toFixed(1)} after; ${ROUNDS} interleaved rounds.`,
);
console.log(
  "CPU ms per 1,000: of the producing process only (the API process, or the bare producer's process). Bench process: the HTTP clients for the API, nearly nothing for the bare producers. Machine: every process on both cores, the broker included; on a saturated machine the rates go as its inverse.",
);
console.log(
  "Best bare: the faster of the two producers written as kafkajs is used (messages of key and value). Packed bare: the idempotent one handing kafkajs records laid out as the API's judging thread lays them out (packRecords, patches/kafkajs+2.2.4.patch), the API's own way to Kafka without the HTTP and the judging.",
);
console.log('\nTarget: ≥ 50,000 readings/s through the API and ≥ 70 % of the bare producer rate.');
process.exit(0);
