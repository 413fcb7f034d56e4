import type { ClickHouse } from '@carbon-account/clickhouse';
import type { DurableProducer, TopicNames } from '@carbon-account/kafka';
import type { RejectedReadingV1 } from '@carbon-account/schemas';
import type { MonthChange } from '../accounts/recompute-targets.js';
import { decodeOutputs, outputRow, type Rejection } from './decode.js';

const MAX_RAW = 64 * 1024;
const rawOf = (r: Rejection) => (r.message.value?.toString('utf8') ?? '').slice(0, MAX_RAW);

function rejectedRow(r: Rejection, now: number) {
  return {
    org_id: r.orgId ?? '',
    reading_id: r.reportId ?? '',
    source: 'kafka',
    reason: r.reason,
    errors: JSON.stringify(r.errors),
    raw: rawOf(r),
    kafka_topic: r.message.topic,
    kafka_partition: r.message.partition,
    kafka_offset: Number(r.message.offset),
    rejected_at: now,
  };
}

function rejectedMessage(r: Rejection, rejectedAt: string): RejectedReadingV1 {
  return {
    reason: r.reason,
    errors: r.errors,
    orgId: r.orgId,
    source: {
      kind: 'kafka',
      topic: r.message.topic,
      partition: r.message.partition,
      offset: r.message.offset,
    },
    raw: rawOf(r),
    rejectedAt,
  };
}

/**
 * A batch of org.outputs.v1: valid reports into org_outputs (every report stays; the
 * current one is chosen by version when read), invalid ones into rejected_readings and
 * onto the rejected topic with the reason. Returns the months the reports touch.
 */
export async function storeOutputs(
  messages: Parameters<typeof decodeOutputs>[0],
  deps: { ch: ClickHouse; producer: DurableProducer; topics: TopicNames },
): Promise<{ changes: MonthChange[]; stored: number; rejected: Rejection[] }> {
  const { outputs, rejected } = decodeOutputs(messages);
  const now = Math.floor(Date.now() / 1000);
  await deps.ch.insert(
    'org_outputs',
    outputs.map((o) => outputRow(o, now)),
  );
  await deps.ch.insert(
    'rejected_readings',
    rejected.map((r) => rejectedRow(r, now)),
  );
  const nowIso = new Date(now * 1000).toISOString();
  await deps.producer.send(
    rejected.map((r) => ({
      topic: deps.topics.rejected,
      key: r.orgId ?? `${r.message.topic}:${r.message.partition}:${r.message.offset}`,
      value: JSON.stringify(rejectedMessage(r, nowIso)),
    })),
  );
  const seen = new Set<string>();
  const changes: MonthChange[] = [];
  for (const o of outputs) {
    const key = `${o.report.orgId}|${o.report.month}`;
    if (seen.has(key)) continue;
    seen.add(key);
    changes.push({ orgId: o.report.orgId, month: o.report.month, ledgerOwner: true });
  }
  return { changes, stored: outputs.length, rejected };
}
