import type { ClickHouse } from '@carbon-account/clickhouse';
import type { DurableProducer, TopicNames } from '@carbon-account/kafka';
import {
  type KafkaRefusal,
  refusalKey,
  rejectedKafkaMessage,
  rejectedKafkaRow,
} from '@carbon-account/schemas';
import type { MonthChange } from '../accounts/recompute-targets.js';
import { decodeOutputs, outputRow, type Rejection } from './decode.js';

/** A refused report in the shape every processor's refusals share (its reportId as the id). */
const refusal = (r: Rejection): KafkaRefusal => ({ ...r, readingId: r.reportId });

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
    rejected.map((r) => rejectedKafkaRow(refusal(r))),
  );
  const nowIso = new Date(now * 1000).toISOString();
  await deps.producer.send(
    rejected.map((r) => ({
      topic: deps.topics.rejected,
      key: refusalKey(refusal(r)),
      value: JSON.stringify(rejectedKafkaMessage(refusal(r), nowIso)),
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
