import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { localDir, projectRoot } from './paths.js';
import { freePort, onPath, startTethered, waitUntil } from './process.js';

/** Tried in order; the first that resolves from Maven Central is used. */
const KAFKA_VERSIONS = ['4.1.1', '4.1.0', '4.0.1', '4.0.0'];

/**
 * Resolves the Kafka broker jars with Maven into .local/kafka-libs once (a marker file
 * records the version), trying older 4.x versions when one does not resolve.
 */
export function ensureKafkaJars(log: (line: string) => void = () => {}): string {
  const libs = join(localDir, 'kafka-libs');
  if (existsSync(join(libs, '.resolved'))) return libs;
  if (!onPath('mvn'))
    throw new Error('Maven (mvn) is needed to fetch the Kafka broker: apt-get install maven');
  if (!onPath('java'))
    throw new Error(
      'Java 17+ is needed to run the Kafka broker: apt-get install openjdk-17-jre-headless',
    );
  const failures: string[] = [];
  for (const version of KAFKA_VERSIONS) {
    log(`resolving Apache Kafka ${version} from Maven Central (first run only)…`);
    const result = spawnSync(
      'mvn',
      [
        '-q',
        '-B',
        '-f',
        join(projectRoot, 'infra', 'kafka', 'pom.xml'),
        `-Dkafka.version=${version}`,
        `-Dmaven.repo.local=${join(localDir, 'm2')}`,
        'dependency:copy-dependencies',
        `-DoutputDirectory=${libs}`,
        '-DincludeScope=runtime',
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    if (result.status === 0 && readdirSync(libs).some((f) => f.startsWith('kafka_2.13-'))) {
      writeFileSync(join(libs, '.resolved'), `${version}\n`);
      return libs;
    }
    failures.push(
      `${version}: ${(result.stdout + result.stderr).trim().split('\n').slice(-3).join(' ')}`,
    );
  }
  throw new Error(`no Kafka 4.x version resolved:\n${failures.join('\n')}`);
}

export interface LocalKafka {
  brokers: string[];
  dir: string;
  stop(): Promise<void>;
  start(): Promise<void>;
}

function serverProperties(dir: string, port: number, controllerPort: number): string {
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
    'controller.listener.names=CONTROLLER',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'inter.broker.listener.name=PLAINTEXT',
    `log.dirs=${join(dir, 'data')}`,
    'num.partitions=1',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=4',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    // Topics are created by the project, never by a typo.
    'auto.create.topics.enable=false',
    'group.initial.rebalance.delay.ms=0',
    'log.retention.hours=168',
    '',
  ].join('\n');
}

async function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

/**
 * Starts a single-node KRaft broker (combined broker and controller) in `dir`, formatting
 * its storage on first use. The same folder and ports are reused by `start()` after
 * `stop()`, so tests can take the broker away and bring it back.
 */
export async function startLocalKafka(opts: {
  dir: string;
  port?: number;
  heapMb?: number;
  log?: (line: string) => void;
}): Promise<LocalKafka> {
  const libs = ensureKafkaJars(opts.log);
  mkdirSync(opts.dir, { recursive: true });
  const port = opts.port || (await freePort());
  const controllerPort = await freePort();
  const props = join(opts.dir, 'server.properties');
  writeFileSync(props, serverProperties(opts.dir, port, controllerPort));
  const classpath = `${libs}/*`;
  if (!existsSync(join(opts.dir, 'data', 'meta.properties'))) {
    const format = spawnSync(
      'java',
      [
        '-cp',
        classpath,
        'kafka.tools.StorageTool',
        'format',
        '-t',
        'Y2FyYm9uLWFjY291bnQtMQ',
        '-c',
        props,
      ],
      { encoding: 'utf8' },
    );
    if (format.status !== 0)
      throw new Error(`formatting Kafka storage failed: ${format.stderr || format.stdout}`);
  }
  const heap = opts.heapMb ?? 512;
  let proc: ReturnType<typeof startTethered> | undefined;
  const start = async () => {
    proc = startTethered(
      'java',
      [
        `-Xms${Math.min(256, heap)}m`,
        `-Xmx${heap}m`,
        '-XX:+UseG1GC',
        // A produce request is one heap buffer on the broker. With 1 MiB regions (G1's size
        // for this heap) a request over 512 KiB, as the services' writes of up to 768 KiB
        // were, is a humongous allocation that starts concurrent marking: the broker then
        // spent 4-5 times the CPU per record (npm run bench -- ingest). The services now
        // write at most 448 KiB per request (packages/kafka); bigger regions keep any other
        // client's large requests cheap too, as Kafka's documented production settings do
        // (16 MiB regions for a 6 GiB heap).
        '-XX:G1HeapRegionSize=4m',
        `-Dlog4j2.configurationFile=${join(projectRoot, 'infra', 'kafka', 'log4j2.xml')}`,
        `-Dkafka.logs.dir=${opts.dir}`,
        '-cp',
        classpath,
        'kafka.Kafka',
        props,
      ],
      { cwd: opts.dir },
    );
    const current = proc;
    await waitUntil(`Kafka broker on port ${port}`, () => answers(port), {
      timeoutMs: 60_000,
      failed: () =>
        current.child.exitCode !== null
          ? `exited with ${current.child.exitCode}; see ${join(opts.dir, 'kafka.log')}`
          : undefined,
    });
  };
  await start();
  return {
    brokers: [`127.0.0.1:${port}`],
    dir: opts.dir,
    start,
    stop: async () => {
      await proc?.stop();
    },
  };
}
