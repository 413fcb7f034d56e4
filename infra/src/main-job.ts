import { createWriteStream, existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { createClickHouse, ensureDatabase, migrate } from '@carbon-account/clickhouse';
import { createKafka, ensureTopics, topicNames } from '@carbon-account/kafka';
import { createLogger } from '@carbon-account/runtime';
import { type LocalService, localServices, type MainJobContext } from './local-services.js';
import { localDir, projectRoot } from './paths.js';
import { startTethered, type Tethered } from './process.js';
import { serviceCommand } from './service-command.js';
import { provideServices } from './services.js';

// `npm start`: Kafka and ClickHouse (kept under .local/dev), migrations, topics, then
// every service that exists, each logging to .local/dev/logs/<name>.log.
const say = (line: string) => console.log(`[start] ${line}`);
const dir = join(localDir, 'dev');
const logsDir = join(dir, 'logs');
mkdirSync(logsDir, { recursive: true });
const database = process.env.CLICKHOUSE_DATABASE ?? 'carbon';
const partitions = Number(process.env.KAFKA_PARTITIONS ?? 6);

const services = await provideServices({
  dir,
  log: say,
  kafkaPort: Number(process.env.KAFKA_PORT ?? 19092),
  clickhouseHttpPort: Number(process.env.CLICKHOUSE_HTTP_PORT ?? 18123),
});
say(
  `Kafka ${services.brokers.join(',')} (${services.source.kafka}); ClickHouse ${services.clickhouseUrl} (${services.source.clickhouse})`,
);

const logger = createLogger('main-job', 'warn');
await ensureDatabase(services.clickhouseUrl, database);
const ch = createClickHouse({ url: services.clickhouseUrl, database });
const { applied } = await migrate(ch, join(projectRoot, 'schemas', 'clickhouse'));
await ch.close();
say(`ClickHouse database '${database}': ${applied.length} migration(s) applied`);
const kafka = createKafka({ brokers: services.brokers, clientId: 'main-job', logger });
await ensureTopics(kafka, topicNames(), { partitions, replicationFactor: 1 });
say(`topics ready (${partitions} partitions each)`);

const ctx: MainJobContext = {
  dir,
  ports: Object.fromEntries(localServices.map((s) => [s.name, s.port])),
};
const sharedEnv = {
  ...process.env,
  KAFKA_BROKERS: services.brokers.join(','),
  CLICKHOUSE_URL: services.clickhouseUrl,
  CLICKHOUSE_DATABASE: database,
};
const running: { service: LocalService; proc: Tethered }[] = [];
/** Restarts per service, so one that keeps failing is left stopped instead of looping. */
const restarts = new Map<string, number[]>();
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 10 * 60_000;
const startService = (service: LocalService, restarted = false) => {
  const main = join(projectRoot, 'services', service.name, 'src', 'main.ts');
  if (!existsSync(main)) return;
  const logFile = join(logsDir, `${service.name}.log`);
  const fd = openSync(logFile, 'a');
  const { command, args } = serviceCommand(service.name);
  const proc = startTethered(command, args, {
    cwd: projectRoot,
    env: { ...sharedEnv, PORT: String(service.port), ...service.env?.(ctx) },
    stdout: fd,
  });
  running.push({ service, proc });
  // A supervisor's job: a service that died (e.g. its Kafka consumer gave up for good) is
  // started again; what it had not committed is redelivered, stores are idempotent.
  void proc.exited.then((code) => {
    if (stopping) return;
    const recent = (restarts.get(service.name) ?? []).filter(
      (t) => Date.now() - t < RESTART_WINDOW_MS,
    );
    if (recent.length >= MAX_RESTARTS) {
      say(
        `${service.name} exited with ${code} ${MAX_RESTARTS} times in 10 minutes; left stopped. See ${logFile}`,
      );
      return;
    }
    restarts.set(service.name, [...recent, Date.now()]);
    say(`${service.name} exited with ${code}; starting it again in 2 s. See ${logFile}`);
    setTimeout(() => {
      if (!stopping) startService(service, true);
    }, 2_000);
  });
  if (restarted) return;
  say(
    `${service.name}: ${service.describe?.(service.port) ?? `port ${service.port}`} (log: ${logFile})`,
  );
};

let stopping = false;
const stopAll = async () => {
  if (stopping) return;
  stopping = true;
  say('stopping…');
  await Promise.allSettled(running.reverse().map(({ proc }) => proc.stop()));
  await services.stop();
  say('stopped');
  process.exit(0);
};
process.on('SIGINT', () => void stopAll());
process.on('SIGTERM', () => void stopAll());

for (const service of localServices.filter((s) => !s.late)) startService(service);
await new Promise((r) => setTimeout(r, 3_000));
for (const service of localServices.filter((s) => s.late)) startService(service);
if (running.length === 0) say('no services exist yet: Kafka and ClickHouse are running');
say('running. Ctrl-C stops everything.');
createWriteStream(join(dir, 'main-job.pid')).end(String(process.pid));
