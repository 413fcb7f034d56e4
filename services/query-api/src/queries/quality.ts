import { type ClickHouse, type SqlFragment, sql } from '@carbon-account/clickhouse';
import { isoFromUnix } from './time.js';

/** How far back a meter's own history reaches when judging an hour of the range. */
const HISTORY_MS = 30 * 86_400_000;
/** A jump: above mean + 4 σ of the meter's history and above twice its mean. */
const JUMP_SIGMAS = 4;
/** Enterprise and platform values of the same meter-hour disagree beyond 5 %. */
const DISAGREEMENT = 0.05;

/** Current hourly lines of the orgs with period start in [from, to). */
function hourlyLines(orgs: SqlFragment, from: Date, to: Date): SqlFragment {
  return sql`SELECT org_id, argMax(meter_id, version) AS meter, argMax(source, version) AS src,
      argMax(period_start, version) AS ps, argMax(period_end, version) AS pe,
      argMax(activity, version) AS act
    FROM emission_lines
    WHERE org_id IN (${orgs}) AND period_start >= ${from} AND period_start < ${to}
    GROUP BY org_id, reading_id
    HAVING pe - ps <= 3600`;
}

export interface Anomaly {
  kind: 'drop_to_zero' | 'jump' | 'source_disagreement';
  orgId: string;
  meterId: string;
  hour: string;
  value: number;
  reference: number;
  detail: string;
}

/**
 * Hours of the range that look wrong: a meter at zero whose history is not; a meter far
 * above its own history (mean and σ over the 30 days before `to`'s range start and the
 * range itself); enterprise and platform readings of the same meter and hour that differ.
 */
export async function anomalies(
  ch: ClickHouse,
  orgs: SqlFragment,
  from: Date,
  to: Date,
): Promise<Anomaly[]> {
  const historyFrom = new Date(from.getTime() - HISTORY_MS);
  const [perMeter, disagreements] = await Promise.all([
    ch.query<Record<string, string | number>>(
      sql`SELECT org_id, meter, src, toUnixTimestamp(ps) AS h, act, mean, sd FROM (
          SELECT org_id, meter, src, ps, act FROM (${hourlyLines(orgs, from, to)})) AS hours
        ANY INNER JOIN (
          SELECT org_id, meter, src, avg(act) AS mean, stddevPop(act) AS sd
          FROM (${hourlyLines(orgs, historyFrom, to)}) GROUP BY org_id, meter, src) AS history
        USING (org_id, meter, src)
        WHERE (act = 0 AND mean > 0) OR (act > mean + ${JUMP_SIGMAS} * sd AND act > 2 * mean)
        ORDER BY org_id, meter, h`,
    ),
    ch.query<Record<string, string | number>>(
      sql`SELECT org_id, meter, toUnixTimestamp(ps) AS h,
          sumIf(act, src = 'enterprise') AS ent, sumIf(act, src = 'platform') AS plat
        FROM (${hourlyLines(orgs, from, to)})
        GROUP BY org_id, meter, h
        HAVING countIf(src = 'enterprise') > 0 AND countIf(src = 'platform') > 0
          AND abs(ent - plat) > ${DISAGREEMENT} * greatest(ent, plat)
        ORDER BY org_id, meter, h`,
    ),
  ]);
  const found: Anomaly[] = perMeter.map((r) => {
    const act = Number(r.act);
    const mean = Number(r.mean);
    const zero = act === 0;
    return {
      kind: zero ? 'drop_to_zero' : 'jump',
      orgId: String(r.org_id),
      meterId: String(r.meter),
      hour: isoFromUnix(r.h as string),
      value: act,
      reference: mean,
      detail: zero
        ? `${r.src} reading is 0; the meter's mean is ${mean.toPrecision(4)}`
        : `${r.src} reading ${act.toPrecision(4)} is above mean ${mean.toPrecision(4)} + ${JUMP_SIGMAS}σ (σ ${Number(r.sd).toPrecision(4)})`,
    };
  });
  for (const r of disagreements) {
    const ent = Number(r.ent);
    const plat = Number(r.plat);
    found.push({
      kind: 'source_disagreement',
      orgId: String(r.org_id),
      meterId: String(r.meter),
      hour: isoFromUnix(r.h as string),
      value: ent,
      reference: plat,
      detail: `enterprise ${ent.toPrecision(6)} vs platform ${plat.toPrecision(6)}`,
    });
  }
  return found.sort(
    (a, b) =>
      a.orgId.localeCompare(b.orgId) ||
      a.hour.localeCompare(b.hour) ||
      a.meterId.localeCompare(b.meterId),
  );
}

/** Readings received more than a day after their period ended, per org. */
export async function lateReadings(ch: ClickHouse, orgs: SqlFragment, from: Date, to: Date) {
  const rows = await ch.query<{ org_id: string; late: string }>(
    sql`SELECT org_id, uniqExactIf(reading_id, ingested_at > period_end + 86400) AS late
      FROM readings WHERE org_id IN (${orgs}) AND period_start >= ${from} AND period_start < ${to}
      GROUP BY org_id`,
  );
  return new Map(rows.map((r) => [r.org_id, Number(r.late)]));
}
