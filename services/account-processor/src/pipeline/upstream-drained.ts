import { type GroupPartitionOffsets, groupOffsets } from '@carbon-account/kafka';
import type { Admin } from 'kafkajs';

/** A consumer group whose unread messages may still change accounts. */
export interface UpstreamStage {
  groupId: string;
  topic: string;
}

/** A partition whose group has not yet read what was on it at the previous check. */
export interface StageBehind {
  groupId: string;
  topic: string;
  partition: number;
  committed: string;
  needed: string;
  /**
   * The group never committed here: either it has not started, or it is not the group that
   * consumes the topic (a stage run with its own KAFKA_GROUP_ID, not told to this service).
   */
  neverCommitted: boolean;
}

/**
 * The partitions of a stage whose committed offset is short of the end that partition had
 * at the previous check. A partition new since then needs nothing.
 */
export function behindPreviousEnds(
  stage: UpstreamStage,
  previousEnds: ReadonlyMap<number, bigint>,
  now: readonly GroupPartitionOffsets[],
): StageBehind[] {
  return now
    .filter((p) => p.committed < (previousEnds.get(p.partition) ?? 0n))
    .map((p) => ({
      ...stage,
      partition: p.partition,
      committed: String(p.committed),
      needed: String(previousEnds.get(p.partition)),
      neverCommitted: !p.hasCommitted,
    }));
}

/**
 * Whether the pipeline upstream of the accounts has drained: every stage has consumed
 * everything that was on its topic at the previous check. An account that merely stayed
 * unchanged for the settle period may belong to a month whose readings are stuck behind a
 * stalled emissions processor; finalizing it then would credit a month that the rest of
 * its data restates. Checked every closer pass, so "the previous check" is one pass ago: a
 * pipeline that keeps up passes, one with a backlog older than a pass does not. The first
 * check has no previous one and says no.
 */
export function upstreamDrained(admin: Admin, stages: readonly UpstreamStage[]) {
  const previous = new Map<string, Map<number, bigint>>();
  return async (): Promise<{ drained: boolean; behind: StageBehind[] }> => {
    const now = await Promise.all(stages.map((s) => groupOffsets(admin, s.groupId, s.topic)));
    let drained = true;
    const behind: StageBehind[] = [];
    for (const [i, stage] of stages.entries()) {
      const key = `${stage.groupId}\u0001${stage.topic}`;
      const ends = previous.get(key);
      if (ends === undefined) drained = false;
      else behind.push(...behindPreviousEnds(stage, ends, now[i] ?? []));
      previous.set(key, new Map((now[i] ?? []).map((p) => [p.partition, p.end])));
    }
    return { drained: drained && behind.length === 0, behind };
  };
}
