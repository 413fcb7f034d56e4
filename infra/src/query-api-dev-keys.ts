import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newApiKey, type Principal } from '@carbon-account/query-api/api-keys';

export interface DevKeys {
  keysFile: string;
  plain: { id: string; key: string; principal: Principal }[];
}

/**
 * Development keys of the query API for `npm start`: a bureau key for Wushan County
 * (500237), a bank key, and an enterprise key for the first org of the simulator's
 * registry (ctx.dir/orgs.json) when it exists. Kept across restarts under `dir`; the
 * plain keys are in a dev-only file there so they can be printed.
 */
export function queryApiDevKeys(dir: string): DevKeys {
  const keysFile = join(dir, 'query-api-keys.json');
  const plainFile = join(dir, 'query-api-dev-keys.json');
  const firstOrg = firstRegistryOrg(join(dir, 'orgs.json'));
  if (existsSync(keysFile) && existsSync(plainFile)) {
    const plain = JSON.parse(readFileSync(plainFile, 'utf8')) as DevKeys['plain'];
    const hasOrgKey = plain.some((k) => k.principal.kind === 'enterprise');
    if (hasOrgKey || !firstOrg) return { keysFile, plain };
  }
  const wanted: { id: string; principal: Principal }[] = [
    { id: 'dev-bureau-500237', principal: { kind: 'bureau', regionCode: '500237' } },
    { id: 'dev-bank', principal: { kind: 'bank', bankId: 'dev-bank' } },
  ];
  if (firstOrg) {
    wanted.push({ id: 'dev-enterprise', principal: { kind: 'enterprise', orgIds: [firstOrg] } });
  }
  const made = wanted.map((w) => ({ ...w, ...newApiKey(w.id, w.principal) }));
  writeFileSync(keysFile, JSON.stringify({ keys: made.map((m) => m.entry) }, null, 2));
  const plain = made.map((m) => ({ id: m.id, key: m.key, principal: m.principal }));
  writeFileSync(plainFile, JSON.stringify(plain, null, 2), { mode: 0o600 });
  return { keysFile, plain };
}

function firstRegistryOrg(path: string): string | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const file = JSON.parse(readFileSync(path, 'utf8')) as { orgs?: { orgId?: unknown }[] };
    const id = file.orgs?.[0]?.orgId;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

export function describeDevKeys(keys: DevKeys | undefined): string {
  if (!keys) return '';
  const lines = keys.plain.map((k) => {
    const who =
      k.principal.kind === 'bureau'
        ? `bureau of ${k.principal.regionCode}`
        : k.principal.kind === 'bank'
          ? `bank ${k.principal.bankId}`
          : `enterprise ${k.principal.orgIds.join(',')}`;
    return `    ${who}: Authorization: Bearer ${k.key}`;
  });
  if (!keys.plain.some((k) => k.principal.kind === 'enterprise')) {
    lines.push(
      '    (no enterprise key: no orgs.json yet; make one with services/query-api/src/auth/make-key.ts)',
    );
  }
  return `\n${lines.join('\n')}`;
}
