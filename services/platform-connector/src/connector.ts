import type { TopicNames } from '@carbon-account/kafka';
import type { Logger } from '@carbon-account/runtime';
import type { Kafka } from 'kafkajs';
import { type Checkpoints, loadCheckpoints } from './checkpoints.js';
import { DONE_DIR, FAILED_DIR, moveAside, readyExportFiles } from './inbox.js';
import type { AccountMap } from './mapping.js';
import type { platformConnectorMetrics } from './metrics.js';
import { downloadNewExports } from './platform-listing.js';
import { publishFile } from './publish-file.js';
import { connectTransactionalPublisher, type TransactionalPublisher } from './publisher.js';

export interface ConnectorOptions {
  kafka: Kafka;
  topics: TopicNames;
  checkpointTopic: string;
  connectorId: string;
  transactionalId: string;
  accounts: AccountMap;
  inboxDir: string;
  listing?: { url: string; token?: string; timeoutMs: number; downloadTimeoutMs: number };
  pollIntervalMs: number;
  settleMs: number;
  batchLines: number;
  maxLineChars: number;
  logger: Logger;
  metrics: ReturnType<typeof platformConnectorMetrics>;
}

export interface RunningConnector {
  /** Kafka took the last round's work (or there was none). */
  healthy(): boolean;
  /** Finishes the current transaction, then stops. */
  stop(): Promise<void>;
}

const sleep = (ms: number, wake: { abort?: () => void }) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    wake.abort = () => {
      clearTimeout(timer);
      resolve();
    };
  });

/**
 * A newer instance with the same transactional id took over: this one must go (recovering
 * would fence the other one in turn). Kafka answers old clients INVALID_PRODUCER_EPOCH.
 */
function fenced(err: unknown): boolean {
  for (
    let e = err as { name?: string; message?: string; type?: string; cause?: unknown } | undefined;
    e;
    e = e.cause as typeof e
  ) {
    if (
      /fenced|INVALID_PRODUCER_EPOCH|PRODUCER_FENCED|error code 90\b/i.test(
        `${e.name} ${e.type} ${e.message}`,
      )
    )
      return true;
  }
  return false;
}

/**
 * The connector's loop: every round, fetch new exports from the platform listing into the
 * inbox, then publish each ready file from its checkpoint and move it aside. When Kafka
 * fails, the producer is recreated and the checkpoints reloaded from the topic: what was
 * committed is the truth, so an ambiguous failure (a commit whose answer was lost) neither
 * loses nor repeats a line.
 */
export async function startConnector(o: ConnectorOptions): Promise<RunningConnector> {
  let publisher: TransactionalPublisher = await connectTransactionalPublisher(o);
  let checkpoints: Checkpoints = await loadCheckpoints({ ...o, topic: o.checkpointTopic });
  let stopping = false;
  let healthy = true;
  let failures = 0;
  const wake: { abort?: () => void } = {};

  const recover = async () => {
    await publisher.disconnect().catch(() => undefined);
    publisher = await connectTransactionalPublisher(o);
    checkpoints = await loadCheckpoints({ ...o, topic: o.checkpointTopic });
  };

  const pollPlatform = async () => {
    if (!o.listing) return;
    try {
      const got = await downloadNewExports({
        listingUrl: o.listing.url,
        token: o.listing.token,
        timeoutMs: o.listing.timeoutMs,
        downloadTimeoutMs: o.listing.downloadTimeoutMs,
        inboxDir: o.inboxDir,
        seen: (name) => checkpoints.has(name),
        logger: o.logger,
      });
      o.metrics.downloads.inc(got.length);
      if (got.length > 0) o.logger.info({ files: got }, 'downloaded exports from the platform');
    } catch (err) {
      o.metrics.pollErrors.inc();
      o.logger.warn(
        { err: (err as Error).message, listing: new URL(o.listing.url).origin },
        'platform listing poll failed; the inbox is still processed, next poll retries',
      );
    }
  };

  const publishInbox = async () => {
    const files = await readyExportFiles(o.inboxDir, o.settleMs);
    o.metrics.inbox.set(files.length);
    for (const file of files) {
      if (stopping) return;
      const wasDone = checkpoints.get(file)?.done === true;
      const outcome = await publishFile(o.inboxDir, file, {
        publisher,
        accounts: o.accounts,
        topics: o.topics,
        checkpoints,
        logger: o.logger,
        batchLines: o.batchLines,
        maxLineChars: o.maxLineChars,
        stopping: () => stopping,
        onBatch: (published, rejected, reasons) => {
          o.metrics.transactions.inc();
          o.metrics.published.inc(published);
          for (const reason of reasons) o.metrics.rejected.inc({ reason });
          if (rejected > 0) {
            o.logger.warn(
              { file, rejected },
              'export lines rejected; reasons, file and line are on the rejected topic',
            );
          }
        },
      });
      if (outcome === 'stopped') return;
      const where = await moveAside(o.inboxDir, file, outcome === 'done' ? DONE_DIR : FAILED_DIR);
      o.metrics.files.inc({ outcome });
      const cp = checkpoints.get(file);
      const summary = { file, movedTo: where, published: cp?.published, rejected: cp?.rejected };
      if (wasDone) {
        o.logger.warn(
          summary,
          'file was already published (same name); moved aside, not published again',
        );
      } else if (outcome === 'unreadable') {
        o.logger.error(
          summary,
          'export file could not be read to its end; see the rejected topic, fix the file and drop it again under a new name',
        );
      } else {
        o.logger.info(summary, 'export file published');
      }
    }
  };

  // False after a failure until the checkpoints are reloaded: a commit whose answer was
  // lost may have gone through, so the in-memory checkpoints may be behind the topic, and
  // publishing from them could repeat lines.
  let synced = true;
  const loop = (async () => {
    while (!stopping) {
      try {
        if (!synced) {
          await recover();
          synced = true;
          o.logger.info('reconnected; resuming from the committed checkpoints');
        }
        await pollPlatform();
        await publishInbox();
        healthy = true;
        failures = 0;
      } catch (err) {
        if (fenced(err)) {
          o.logger.fatal(
            { err, connectorId: o.connectorId },
            'another connector instance with the same CONNECTOR_ID took over; this one exits. Run one instance per CONNECTOR_ID.',
          );
          process.exit(1);
        }
        synced = false;
        healthy = false;
        failures += 1;
        o.metrics.failures.inc();
        const retryInMs = Math.min(30_000, 500 * 2 ** Math.min(failures, 6));
        o.logger.error(
          { err, retryInMs },
          'publishing failed (Kafka?); nothing uncommitted counts. Reconnecting, then resuming from the committed checkpoints',
        );
        await sleep(retryInMs, wake);
        continue;
      }
      await sleep(o.pollIntervalMs, wake);
    }
  })();

  return {
    healthy: () => healthy,
    async stop() {
      stopping = true;
      wake.abort?.();
      await loop;
      await publisher.disconnect().catch(() => undefined);
    },
  };
}
