// Simulator throughput: generation alone, the simulator process backfilling to Kafka, and
// a bare kafkajs producer sending the same records to the same broker in the same run.
//   npx tsx tests/bench/simulator.bench.ts   (or npm run bench -- simulator)
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot, provideServices, serviceCommand, startTethered } from '@carbon-account/infra';
import { createKafka, ensureTopics, topicNames } from '@carbon-account/kafka';
import { createLogger } from '@carbon-account/runtime';
import { simulatedEvents } from '@carbon-account/simulation';
import { CompressionTypes } from 'kafkajs';
import { cpuSecondsOf, descendants, markdownTable, peakRssMb } from '../src/measure.js';

const ORGS = Number(process.env.BENCH_ORGS ?? 200);
const DAYS = Number(process.env.BENCH_DAYS ?? 14);
const FROM = '2025-03-01T00:00:00+08:00';
const TO = new Date(Date.parse(FROM) + DAYS * 86_400_000).toISOString().replace('Z', '+00:00');
const options = { orgCount: ORGS, seed: 1, from: FROM, to: TO, badShare: 0.002 };

const dir = mkdtempSync(join(tmpdir(), 'bench-simulator-'));
const logger = createLogger('bench', 'warn');
const services = await provideServices({ dir, log: () => {} });
const kafka = createKafka({ brokers: services.brokers, clientId: 'bench', logger });
const run = `bench${process.pid}${Date.now().toString(36)}`;

// 1. Generation alone, in this process.
let generated = 0;
let started = performance.now();
for (const e of simulatedEvents(options)) if (e.kind !== 'gap') generated++;
const generationSeconds = (performance.now() - started) / 1000;

// 2. The simulator process, straight to Kafka as fast as it can.
const simTopics = topicNames(`${run}.sim.`);
await ensureTopics(kafka, simTopics, { partitions: 6, replicationFactor: 1 });
const logFile = join(dir, 'simulator.log');
const simulatorNodeOptions = process.env.SIMULATOR_NODE_OPTIONS ?? '--max-old-space-size=128';
const simCommand = serviceCommand('simulator');
const sim = startTethered(simCommand.command, simCommand.args, {
  cwd: projectRoot,
  env: {
    ...process.env,
    KAFKA_BROKERS: services.brokers.join(','),
    KAFKA_TOPIC_PREFIX: `${run}.sim.`,
    ORG_COUNT: String(ORGS),
    SEED: '1',
    FROM,
    TO,
    BAD_SHARE: '0.002',
    PORT: '0',
    LOG_LEVEL: 'info',
    // As npm start runs it (infra/src/local-services.ts).
    NODE_OPTIONS: simulatorNodeOptions,
  },
  stdout: openSync(logFile, 'a'),
});
let simRss = 0;
const simCpu = new Map<number, number>();
const poll = setInterval(() => {
  for (const pid of descendants(sim.child.pid as number)) {
    simRss = Math.max(simRss, peakRssMb(pid) ?? 0);
    simCpu.set(pid, Math.max(simCpu.get(pid) ?? 0, cpuSecondsOf(pid)));
  }
}, 250);
const code = await sim.exited;
clearInterval(poll);
const backfill = readFileSync(logFile, 'utf8')
  .split('\n')
  .filter((l) => l.includes('"backfill sent"'))
  .map((l) => JSON.parse(l) as { sent: number; seconds: number })[0];
if (code !== 0 || !backfill) throw new Error(`simulator exited ${code}; see ${logFile}`);

// 3. Bare kafkajs: the same records, pre-serialised, idempotent producer, acks from all replicas, batches of 1,000.
const bareTopics = topicNames(`${run}.bare.`);
await ensureTopics(kafka, bareTopics, { partitions: 6, replicationFactor: 1 });
const records = [...simulatedEvents(options)].flatMap((e) =>
  e.kind === 'reading'
    ? [{ topic: bareTopics.readings, key: e.reading.orgId, value: JSON.stringify(e.reading) }]
    : e.kind === 'output'
      ? [{ topic: bareTopics.outputs, key: e.output.orgId, value: JSON.stringify(e.output) }]
      : [],
);
const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
await producer.connect();
started = performance.now();
const bareCpuStart = process.cpuUsage();
for (let i = 0; i < records.length; i += 1000) {
  const chunk = records.slice(i, i + 1000);
  const byTopic = new Map<string, { key: string; value: string }[]>();
  for (const r of chunk) byTopic.set(r.topic, [...(byTopic.get(r.topic) ?? []), r]);
  await producer.sendBatch({
    acks: -1,
    compression: CompressionTypes.None,
    topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
  });
}
const bareSeconds = (performance.now() - started) / 1000;
const bareCpu = process.cpuUsage(bareCpuStart);
await producer.disconnect();

const admin = kafka.admin();
await admin.connect();
await admin.deleteTopics({ topics: [...Object.values(simTopics), ...Object.values(bareTopics)] });
await admin.disconnect();
await services.stop();
rmSync(dir, { recursive: true, force: true });

const rate = (n: number, s: number) => Math.round(n / s).toLocaleString('en');
console.log(
  `Simulator: ${ORGS} orgs × ${DAYS} days (${generated.toLocaleString('en')} readings and reports), ${services.brokers.join(',')}\n`,
);
console.log(
  markdownTable(
    ['what', 'records', 'seconds', 'records/s', 'CPU s', 'peak RSS MB'],
    [
      [
        'generation only (in-process)',
        generated,
        generationSeconds.toFixed(1),
        rate(generated, generationSeconds),
        '—',
        '—',
      ],
      [
        `simulator process → Kafka (backfill, batches of 1,000, ${simulatorNodeOptions}; CPU includes start-up)`,
        backfill.sent,
        backfill.seconds.toFixed(1),
        rate(backfill.sent, backfill.seconds),
        [...simCpu.values()].reduce((a, b) => a + b, 0).toFixed(1),
        simRss.toFixed(0),
      ],
      [
        'baseline: bare kafkajs producer, same records',
        records.length,
        bareSeconds.toFixed(1),
        rate(records.length, bareSeconds),
        ((bareCpu.user + bareCpu.system) / 1e6).toFixed(1),
        (peakRssMb(process.pid) ?? 0).toFixed(0),
      ],
    ],
  ),
);
process.exit(0);
