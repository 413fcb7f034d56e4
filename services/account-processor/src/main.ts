import { readFileSync, unwatchFile, watchFile } from 'node:fs';
import { factorLibraryFromEnv, METHODOLOGIES } from '@carbon-account/accounting';
import { createClickHouse } from '@carbon-account/clickhouse';
import {
  coPartitionedAssigner,
  createDurableProducer,
  createKafka,
  partitionCount,
  partitionOfKey,
  runBatchConsumer,
  topicNames,
} from '@carbon-account/kafka';
import {
  createLogger,
  createMetricsRegistry,
  loadConfigOrExit,
  startOpsServer,
  stopOnSignals,
} from '@carbon-account/runtime';
import {
  recomputeTargets,
  registryChangeTargets,
  type SectionMonth,
} from './accounts/recompute-targets.js';
import { readBenchmarksFile } from './benchmarks-file.js';
import { accountProcessorEnv } from './config.js';
import { accountProcessorMetrics } from './metrics.js';
import { accountedMonths } from './pipeline/accounted-months.js';
import { changedMonths } from './pipeline/decode.js';
import { monthCloser } from './pipeline/month-closer.js';
import { movedFromMonths } from './pipeline/moved-months.js';
import { recomputeCycle } from './pipeline/recompute.js';
import { createRecomputeScheduler } from './pipeline/scheduler.js';
import { storeOutputs } from './pipeline/store-outputs.js';
import { upstreamDrained } from './pipeline/upstream-drained.js';
import { emptyRegistry, type OrgRegistry, sectionOf } from './registry/org-registry.js';
import { RegistryFileError, storedRegistry, syncRegistry } from './registry/registry-store.js';

// config → clients → registry → scheduler → consumer → ops server
const logger = createLogger('account-processor');
const config = loadConfigOrExit(accountProcessorEnv, logger);
const library = factorLibraryFromEnv(config, (path) => readFileSync(path, 'utf8'));
const benchmarks = readBenchmarksFile(config.INDUSTRY_BENCHMARKS_FILE);
const topics = topicNames(config.KAFKA_TOPIC_PREFIX);
const groupId = config.KAFKA_GROUP_ID ?? `${config.KAFKA_TOPIC_PREFIX}account-processor`;
const shutdown = stopOnSignals(logger);

const ch = createClickHouse({
  url: config.CLICKHOUSE_URL,
  database: config.CLICKHOUSE_DATABASE,
  sqlLogFile: config.CLICKHOUSE_SQL_LOG,
});
const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'account-processor', logger });
const producer = await createDurableProducer(kafka);
shutdown.add('producer', () => producer.disconnect());
shutdown.add('clickhouse', () => ch.close());

const registry = createMetricsRegistry('account-processor');
const metrics = accountProcessorMetrics(registry);

const scheduler = createRecomputeScheduler({
  intervalMs: config.RECOMPUTE_INTERVAL_MS,
  maxPerCycle: config.MAX_SECTION_MONTHS_PER_CYCLE,
  onPending: (n) => metrics.pending.set(n),
  onCycleError: (err) =>
    logger.warn(
      { err },
      'recompute cycle failed (ClickHouse?); the section-months stay dirty and are retried next cycle',
    ),
  runCycle: async (targets: SectionMonth[]) => {
    const end = metrics.cycleSeconds.startTimer();
    const outcome = await recomputeCycle(targets, {
      ch,
      registry: () => orgs,
      benchmarks,
      library,
      methodologies: METHODOLOGIES,
      monthCloseDays: config.MONTH_CLOSE_DAYS,
      monthSettleSeconds: config.MONTH_SETTLE_SECONDS,
    });
    end();
    metrics.accountsComputed.inc(outcome.accountsComputed);
    metrics.accountVersions.inc(outcome.versionsWritten.length);
    for (const row of outcome.versionsWritten) {
      if (!row.provisional && !row.restated) metrics.monthsClosed.inc();
      if (!row.restated) continue;
      metrics.restatements.inc();
      logger.info(
        { orgId: row.org_id, month: row.month, note: row.restatement_note },
        'account restated',
      );
    }
    for (const e of outcome.ledgerEntries)
      metrics.ledgerEntries.inc({ kind: e.kind, methodology: e.methodologyId });
    for (const broken of outcome.brokenChains) {
      metrics.brokenChains.inc();
      logger.error(
        broken,
        'ledger hash chain does not verify: an entry was changed or removed in ClickHouse; nothing is appended for this org until the ledger is restored from backup',
      );
    }
  },
});

// The registry lives in the `orgs` table; the file is loaded into it at start and on
// change. Without a readable file the stored registry is used, so the processor still runs.
let orgs: OrgRegistry = emptyRegistry;
async function loadRegistry(reason: string) {
  try {
    const { registry: loaded, changes } = await syncRegistry(ch, config.ORG_REGISTRY_FILE);
    orgs = loaded;
    logger.info({ reason, orgs: orgs.byOrg.size, changed: changes.length }, 'org registry loaded');
    if (changes.length === 0) return;
    const months = await accountedMonths(
      ch,
      changes.map((c) => c.after.orgId),
    );
    const targets = registryChangeTargets(
      changes.map((c) => ({
        orgId: c.after.orgId,
        sectionBefore: c.before?.section,
        sectionAfter: c.after.section,
      })),
      months,
    );
    scheduler
      .submit(targets)
      .catch((err) =>
        logger.warn({ err }, 'accounts after a registry change not yet recomputed; retried'),
      );
  } catch (err) {
    if (!(err instanceof RegistryFileError)) throw err;
    if (orgs === emptyRegistry) orgs = await storedRegistry(ch);
    logger.error(
      { file: err.file, problem: err.problem, orgs: orgs.byOrg.size },
      'org registry file not loaded; using the registry stored before. Fix the file: it is read again when it changes',
    );
  }
}
await loadRegistry('start');
watchFile(config.ORG_REGISTRY_FILE, { interval: config.REGISTRY_POLL_MS }, (now, before) => {
  if (now.mtimeMs === before.mtimeMs && now.size === before.size) return;
  loadRegistry('file changed').catch((err) =>
    logger.error({ err }, 'org registry reload failed; retried on the next change'),
  );
});
shutdown.add('registry watch', async () => unwatchFile(config.ORG_REGISTRY_FILE));
scheduler.start();
shutdown.add('scheduler', async () => scheduler.stop());

// One writer per org's ledger: both topics are keyed by orgId and have the same partition
// count, and the co-partitioned assigner gives partition p of both to one member. So only
// the instance that holds an org's partition consumes its changes, and only changes it
// consumed put the org among a cycle's ledger orgs (`ledgerOwner`). The batch stays
// uncommitted until the cycle that covers it is done, so the instance still owns the
// partition while it appends; a rebalance in that window is the one gap (the partition's
// new owner re-reads the ledger after the old owner's batch was redelivered, and the
// chain check stops appends on a forked chain instead of hiding it).
const consumer = await runBatchConsumer({
  kafka,
  groupId,
  topics: [topics.emissions, topics.outputs],
  logger,
  maxBytesPerPartition: config.MAX_BATCH_BYTES,
  // Batches wait for the next recompute cycle; taking every partition of both topics at
  // once lets one cycle serve them all instead of one partition per cycle.
  partitionsConsumedConcurrently: 8,
  sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
  partitionAssigners: [coPartitionedAssigner],
  handleBatch: async (messages, ctx, control) => {
    // Behind on this partition: the recompute should not wait out its interval.
    const soon = control.behind > 0;
    if (ctx.topic === topics.outputs) {
      const outcome = await storeOutputs(messages, { ch, producer, topics });
      metrics.outputs.inc(outcome.stored);
      for (const r of outcome.rejected)
        metrics.rejected.inc({ topic: ctx.topic, reason: r.reason });
      if (outcome.rejected.length > 0)
        logger.warn(
          { rejected: outcome.rejected.length, topic: ctx.topic },
          'output reports rejected; reasons are in rejected_readings and on the rejected topic',
        );
      await scheduler.submit(
        recomputeTargets(outcome.changes, (o) => sectionOf(orgs, o)),
        { soon },
      );
      return;
    }
    const { changes, lines, invalid } = changedMonths(messages);
    for (const bad of invalid) {
      metrics.rejected.inc({ topic: ctx.topic, reason: 'invalid emission line' });
      logger.error(
        { ...ctx, offset: bad.message.offset, problem: bad.problem },
        'emission line message skipped: it does not match carbon.emissions.v1; check the producer',
      );
    }
    const moved = await movedFromMonths(ch, lines);
    await scheduler.submit(
      recomputeTargets([...changes, ...moved], (o) => sectionOf(orgs, o)),
      { soon },
    );
  },
  onRetry: () => metrics.retries.inc(),
  onLag: (ctx, lag) => metrics.lag.set({ topic: ctx.topic, partition: String(ctx.partition) }, lag),
});
shutdown.add('consumer', () => consumer.stop());

// Months close by the clock, and any instance may restate an account. An org's accounts are
// made final, and its ledger follows restatements, only at the instance holding the org's
// partition, its ledger writer: the partition a producer puts the org's records in, among
// those this member was assigned at its last join.
const ownedOrgs = async (orgIds: string[]) => {
  const mine = new Set(consumer.assignedPartitions(topics.emissions));
  if (mine.size === 0) return new Set<string>();
  const partitions = await partitionCount(kafka, topics.emissions);
  return new Set(orgIds.filter((orgId) => mine.has(partitionOfKey(orgId, partitions))));
};
const upstreamAdmin = kafka.admin();
await upstreamAdmin.connect();
shutdown.add('upstream admin', () => upstreamAdmin.disconnect());
const upstream = upstreamDrained(upstreamAdmin, [
  {
    groupId:
      config.EMISSIONS_PROCESSOR_GROUP_ID ?? `${config.KAFKA_TOPIC_PREFIX}emissions-processor`,
    topic: topics.readings,
  },
  { groupId, topic: topics.emissions },
  { groupId, topic: topics.outputs },
]);
const closerPass = monthCloser({
  ch,
  closeDays: config.MONTH_CLOSE_DAYS,
  settleSeconds: config.MONTH_SETTLE_SECONDS,
  ownedOrgs,
  joins: () => consumer.joins(),
  recompute: (changes) => scheduler.submit(recomputeTargets(changes, (o) => sectionOf(orgs, o))),
  upstreamDrained: upstream,
});
let closing = false;
/** Groups already named as never having committed: one warning each, not one per pass. */
const neverCommittedWarned = new Set<string>();
const closeTimer = setInterval(() => {
  if (closing) return;
  closing = true;
  closerPass()
    .then(({ handed, waitingForUpstream, behind }) => {
      metrics.waitingForUpstream.set(waitingForUpstream);
      for (const b of behind) {
        if (!b.neverCommitted || neverCommittedWarned.has(b.groupId)) continue;
        neverCommittedWarned.add(b.groupId);
        logger.warn(
          { groupId: b.groupId, topic: b.topic },
          'this consumer group has never committed on the topic, so closed months stay provisional until it does. If it has not started yet, start it; if the emissions processor runs with its own KAFKA_GROUP_ID, set EMISSIONS_PROCESSOR_GROUP_ID here to the same',
        );
      }
      if (waitingForUpstream > 0 && behind.length > 0)
        logger.info(
          {
            accounts: waitingForUpstream,
            behind: behind.slice(0, 6),
            partitions: behind.length,
          },
          'settled accounts of closed months stay provisional: a consumer has not read what was on its topic at the previous check; see the emissions processor and this service (lag in /metrics)',
        );
      if (handed > 0)
        logger.info(
          { accounts: handed },
          'accounts handed to their ledger writer: settled ones of closed months (final if unchanged) and restated ones (credits adjusted where they changed)',
        );
    })
    .catch((err) => {
      metrics.closeFailures.inc();
      logger.warn(
        { err },
        'closing ended months failed (ClickHouse or Kafka?); retried at the next check',
      );
    })
    .finally(() => {
      closing = false;
    });
}, config.MONTH_CLOSE_CHECK_MS);
shutdown.add('month closer', async () => clearInterval(closeTimer));

const ops = await startOpsServer({ port: config.PORT, registry, ready: () => ch.ping() });
shutdown.add('ops server', () => ops.close());
logger.info(
  {
    port: ops.port,
    topics: [topics.emissions, topics.outputs],
    database: config.CLICKHOUSE_DATABASE,
  },
  'account processor running',
);
