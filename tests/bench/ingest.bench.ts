// Ingest API throughput against a bare kafkajs producer, same records, same broker, same run:
//   npm run bench -- ingest    (or: npx tsx tests/bench/ingest.bench.ts)
// Uses KAFKA_BROKERS when set, else starts Kafka itself (infra/src/services.ts).
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
import {
  createKafka,
  ensureTopics,
  rememberingDefaultPartitioner,
  topicNames,
} from '@carbon-account/kafka';
import { createLogger } from '@carbon-account/runtime';
import type { EnergyReadingV1Input } from '@carbon-account/schemas';
import { CompressionTypes, Kafka, logLevel } from 'kafkajs';
import {
  cpuSecondsOf,
  descendants,
  descendantsRunning,
  machineCpuSeconds,
  markdownTable,
  peakTreeRssMb,
  percentile,
} from '../src/measure.js';
import { testOrgIds, testReadings } from '../src/readings.js';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 4);
const BATCH = 1_000;
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
for (const t of [apiTopics, bareTopics, bareDefaultTopics]) {
  await ensureTopics(kafka, t, { partitions: 6, replicationFactor: 1 });
}

// Distinct readings for every request: warm-up plus measured, 1,000 each.
const perOrg = 1_000;
const orgs = testOrgIds(Math.ceil(((WARMUP + REQUESTS) * BATCH) / perOrg) + 1, 'B');
const readings: EnergyReadingV1Input[] = testReadings({
  orgIds: orgs,
  from: '2025-01-01T00:00:00+08:00',
  hours: perOrg,
  seed: 7,
}).map((r) => ({ ...r, source: 'platform' as const }));
const batches: EnergyReadingV1Input[][] = [];
for (let i = 0; i + BATCH <= readings.length && batches.length < WARMUP + REQUESTS; i += BATCH) {
  batches.push(readings.slice(i, i + BATCH));
}
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

const apiPeakRss = () => peakTreeRssMb(api.child.pid ?? 0);

interface Result {
  what: string;
  readings: number;
  seconds: number;
  latencies: number[];
  /** CPU seconds of the producing process (the API's; the bench's own for kafkajs alone). */
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
/** CPU seconds of these processes so far. */
const cpuSecondsOfAll = (pids: readonly number[]) =>
  pids.reduce((s, pid) => s + cpuSecondsOf(pid), 0);

/** CPU seconds used so far by the API process and its children. */
const apiCpuSeconds = () => cpuSecondsOfAll(descendants(api.child.pid ?? 0));
/** The Kafka broker, when this bench started it (not when KAFKA_BROKERS names one). */
const brokerPids = descendantsRunning(process.pid, 'kafka');
const brokerCpuSeconds = () => cpuSecondsOfAll(brokerPids);
const benchCpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** `clients` loops taking the next batch until none is left; latency per batch. */
async function drive(
  what: string,
  indices: number[],
  send: (i: number) => Promise<number>,
): Promise<Result> {
  const queue = [...indices];
  const latencies: number[] = [];
  let sent = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
        const t = performance.now();
        const accepted = await send(i);
        sent += accepted;
        latencies.push(performance.now() - t);
      }
    }),
  );
  return {
    what,
    readings: sent,
    seconds: (performance.now() - start) / 1000,
    latencies,
    ...noCpuYet,
  };
}

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

// --- bare kafkajs producers, the same records as the API writes them
const bareProducer = async (topic: string, idempotent: boolean) => {
  const client = new Kafka({
    clientId: 'bench-bare',
    brokers: services.brokers,
    logLevel: logLevel.NOTHING,
  });
  // The API's partitioner too, so the baseline has every kafkajs setting the API has.
  const producer = client.producer(
    idempotent
      ? {
          idempotent: true,
          maxInFlightRequests: 1,
          createPartitioner: rememberingDefaultPartitioner,
        }
      : { allowAutoTopicCreation: false, createPartitioner: rememberingDefaultPartitioner },
  );
  await producer.connect();
  const messages = batches.map((b) =>
    b.map((r) => ({ key: r.orgId, value: JSON.stringify({ greenElectricityKWh: 0, ...r }) })),
  );
  return {
    send: async (i: number) => {
      await producer.send({
        topic,
        acks: -1,
        compression: CompressionTypes.None,
        messages: messages[i] ?? [],
      });
      return messages[i]?.length ?? 0;
    },
    disconnect: () => producer.disconnect(),
  };
};
const bareIdempotent = await bareProducer(bareTopics.readings, true);
const bareDefault = await bareProducer(bareDefaultTopics.readings, false);

const contenders = [
  {
    what: `ingest-api, JSON, ${BATCH.toLocaleString('en')}/request, ${CLIENTS} clients`,
    send: post,
  },
  {
    what: `kafkajs alone, idempotent, acks=all, ${CLIENTS} concurrent sends of ${BATCH.toLocaleString('en')}`,
    send: bareIdempotent.send,
  },
  {
    what: `kafkajs alone, default producer, acks=all, ${CLIENTS} concurrent sends of ${BATCH.toLocaleString('en')}`,
    send: bareDefault.send,
  },
];
const loadBefore = loadavg()[0]?.toFixed(1);
const warmup = Array.from({ length: WARMUP }, (_, i) => i);
let warmupToApi = 0;
for (const started = performance.now(); ; ) {
  for (const [k, c] of contenders.entries()) {
    const r = await drive('warm-up', warmup, c.send);
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
    const cpu = k === 0 ? apiCpuSeconds : benchCpuSeconds;
    const cpuBefore = cpu();
    const benchBefore = benchCpuSeconds();
    const brokerBefore = brokerCpuSeconds();
    const machineBefore = machineCpuSeconds();
    const r = await drive(c.what, indices, c.send);
    const total = results[k] as Result;
    total.cpuSeconds += cpu() - cpuBefore;
    total.benchCpuSeconds += benchCpuSeconds() - benchBefore;
    total.brokerCpuSeconds += brokerCpuSeconds() - brokerBefore;
    total.machineCpuSeconds += machineCpuSeconds() - machineBefore;
    total.readings += r.readings;
    total.seconds += r.seconds;
    total.latencies.push(...r.latencies);
  }
}
const [apiResult, bareIdempotentResult, bareDefaultResult] = results as [Result, Result, Result];
apiResult.rssMb = apiPeakRss();
await bareIdempotent.disconnect();
await bareDefault.disconnect();

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

// The bench process also holds every request body and runs the HTTP clients.
const benchPeakRssMb = (process.resourceUsage().maxRSS / 1024).toFixed(0);
const best = Math.max(
  bareIdempotentResult.readings / bareIdempotentResult.seconds,
  bareDefaultResult.readings / bareDefaultResult.seconds,
);
const rows = [apiResult, bareIdempotentResult, bareDefaultResult].map((r) => {
  const rate = r.readings / r.seconds;
  return [
    r.what,
    r.readings.toLocaleString('en'),
    Math.round(rate).toLocaleString('en'),
    `${Math.round((100 * rate) / best)} %`,
    percentile(r.latencies, 50).toFixed(1),
    percentile(r.latencies, 99).toFixed(1),
    ((1000 * r.cpuSeconds) / (r.readings / 1000)).toFixed(1),
    ((1000 * r.benchCpuSeconds) / (r.readings / 1000)).toFixed(1),
    brokerPids.length > 0 ? ((1000 * r.brokerCpuSeconds) / (r.readings / 1000)).toFixed(1) : 'n/a',
    ((1000 * r.machineCpuSeconds) / (r.readings / 1000)).toFixed(1),
    r.rssMb !== undefined ? r.rssMb.toFixed(0) : `${benchPeakRssMb} (bench process)`,
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
      'p50 ms/batch',
      'p99 ms/batch',
      'CPU ms per 1,000',
      'bench process CPU ms per 1,000',
      'broker CPU ms per 1,000',
      'machine CPU ms per 1,000',
      'peak RSS MB',
    ],
    rows,
  ),
);
console.log(
  `\nLoad average (1 min) ${loadBefore} before, ${loadavg()[0]?.toFixed(1)} after; ${ROUNDS} interleaved rounds.`,
);
console.log(
  'CPU ms per 1,000: of the producing process only (the API process; the bench process for kafkajs alone). Bench process: the HTTP clients for the API, kafkajs itself for the bare producers. Machine: every process on both cores, the broker included; on a saturated machine the rates go as its inverse.',
);
console.log('\nTarget: ≥ 50,000 readings/s through the API and ≥ 70 % of the bare producer rate.');
process.exit(0);
