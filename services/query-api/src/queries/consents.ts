import { type ClickHouse, sql } from '@carbon-account/clickhouse';
import type { queryApi } from '@carbon-account/schemas';
import { isoFromUnix } from './time.js';

type Consent = queryApi.ConsentPurpose;

let lastVersion = 0;
/** Versions increase within a process even for two changes in the same millisecond. */
function nextVersion(): number {
  lastVersion = Math.max(lastVersion + 1, Date.now() * 1000);
  return lastVersion;
}

const toSeconds = (d: Date) => new Date(Math.floor(d.getTime() / 1000) * 1000);

export async function grantConsent(
  ch: ClickHouse,
  c: { orgId: string; bankId: string; purpose: Consent; expiresAt: Date; by: string },
) {
  const now = toSeconds(new Date());
  await ch.insert('consents', [
    {
      org_id: c.orgId,
      bank_id: c.bankId,
      purpose: c.purpose,
      granted_at: Math.floor(now.getTime() / 1000),
      expires_at: Math.floor(c.expiresAt.getTime() / 1000),
      revoked: 0,
      changed_at: Math.floor(now.getTime() / 1000),
      changed_by: c.by,
      version: nextVersion(),
    },
  ]);
}

/** Revokes every purpose the bank holds for the org; returns how many were active. */
export async function revokeConsents(ch: ClickHouse, orgId: string, bankId: string, by: string) {
  const current = (await consentsOf(ch, orgId)).filter(
    (c) => c.bankId === bankId && c.status !== 'revoked',
  );
  const now = Math.floor(Date.now() / 1000);
  await ch.insert(
    'consents',
    current.map((c) => ({
      org_id: orgId,
      bank_id: bankId,
      purpose: c.purpose,
      granted_at: Math.floor(Date.parse(c.grantedAt) / 1000),
      expires_at: Math.floor(Date.parse(c.expiresAt) / 1000),
      revoked: 1,
      changed_at: now,
      changed_by: by,
      version: nextVersion(),
    })),
  );
  return current.filter((c) => c.status === 'active').length;
}

/** The current state of each (bank, purpose) consent of an org, read from storage each time. */
export async function consentsOf(
  ch: ClickHouse,
  orgId: string,
  bankId?: string,
): Promise<queryApi.ConsentBody[]> {
  const rows = await ch.query<Record<string, string>>(
    sql`SELECT bank_id, purpose, toUnixTimestamp(argMax(granted_at, version)) AS granted,
      toUnixTimestamp(argMax(expires_at, version)) AS expires, argMax(revoked, version) AS revoked,
      toUnixTimestamp(argMax(changed_at, version)) AS changed
      FROM consents WHERE org_id = ${orgId} ${bankId === undefined ? sql`` : sql`AND bank_id = ${bankId}`}
      GROUP BY bank_id, purpose ORDER BY bank_id, purpose`,
  );
  const now = Date.now();
  return rows.map((r) => {
    const revoked = Number(r.revoked) === 1;
    const expires = Number(r.expires) * 1000;
    return {
      orgId,
      bankId: r.bank_id as string,
      purpose: r.purpose as Consent,
      grantedAt: isoFromUnix(r.granted as string),
      expiresAt: isoFromUnix(r.expires as string),
      revokedAt: revoked ? isoFromUnix(r.changed as string) : null,
      status: revoked ? 'revoked' : expires <= now ? 'expired' : 'active',
    };
  });
}

export async function hasActiveConsent(
  ch: ClickHouse,
  orgId: string,
  bankId: string,
  purpose: Consent,
): Promise<boolean> {
  const consents = await consentsOf(ch, orgId, bankId);
  return consents.some((c) => c.purpose === purpose && c.status === 'active');
}

/**
 * The (org, purpose) consents a bank holds now (not revoked, not expired), a page of them
 * in org order, and how many there are.
 */
export async function activeConsentsOfBank(
  ch: ClickHouse,
  bankId: string,
  page: { limit: number; offset: number },
) {
  // Aliases differ from column names: old servers substitute an alias for the column.
  const current = sql`SELECT org_id, purpose, toUnixTimestamp(argMax(granted_at, version)) AS granted,
      toUnixTimestamp(argMax(expires_at, version)) AS expires, argMax(revoked, version) AS is_revoked
      FROM consents WHERE bank_id = ${bankId} GROUP BY org_id, purpose
      HAVING is_revoked = 0 AND expires > toUnixTimestamp(now())`;
  const [rows, total] = await Promise.all([
    ch.query<Record<string, string>>(
      sql`SELECT org_id, purpose, granted, expires FROM (${current})
        ORDER BY org_id, purpose LIMIT ${page.offset}, ${page.limit}`,
    ),
    ch.query<{ n: string }>(sql`SELECT count() AS n FROM (${current})`),
  ]);
  return {
    total: Number(total[0]?.n ?? 0),
    consents: rows.map((r) => ({
      orgId: r.org_id as string,
      purpose: r.purpose as Consent,
      grantedAt: isoFromUnix(r.granted as string),
      expiresAt: isoFromUnix(r.expires as string),
    })),
  };
}

export async function accessLogOf(
  ch: ClickHouse,
  orgId: string,
  page: { limit: number; offset: number },
) {
  const [rows, total] = await Promise.all([
    ch.query<Record<string, string>>(
      sql`SELECT toUnixTimestamp(at) AS at_s, bank_id, purpose, endpoint, query FROM bank_access_log
        WHERE org_id = ${orgId} ORDER BY at DESC, bank_id LIMIT ${page.offset}, ${page.limit}`,
    ),
    ch.query<{ n: string }>(sql`SELECT count() AS n FROM bank_access_log WHERE org_id = ${orgId}`),
  ]);
  return {
    total: Number(total[0]?.n ?? 0),
    entries: rows.map((r) => ({
      at: isoFromUnix(r.at_s as string),
      bankId: r.bank_id as string,
      purpose: r.purpose as string,
      endpoint: r.endpoint as string,
      query: r.query as string,
    })),
  };
}
