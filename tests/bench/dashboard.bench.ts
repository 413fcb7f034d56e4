// The dashboard's own cost: start-up (the front end is bundled at start), the page and its
// bundle under load, and what forwarding /v1/* adds to the query API's latency, measured
// beside the same requests sent to the query API directly (the baseline) in the same run.
// The load comes from a separate process (tests/bench/query-api-load.ts).
//   npx tsx tests/bench/dashboard.bench.ts     (or: npm run bench -- dashboard)
// Env: BENCH_SECONDS (8 per scenario), BENCH_CONCURRENCY (8).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createClickHouse, ensureDatabase, migrate, rawSql } from '@carbon-account/clickhouse';
import {
  freePort,
  nodeWithTsx,
  projectRoot,
  provideServices,
  serviceCommand,
  startTethered,
} from '@carbon-account/infra';
import { newApiKey } from '@carbon-account/query-api/api-keys';
import { markdownTable, peakRssMb, percentile, pidListeningOn } from '../src/measure.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const say = (line: string) => process.stderr.write(`[dashboard bench] ${line}\n`);
const loadGenerator = nodeWithTsx(join(projectRoot, 'tests', 'bench', 'query-api-load.ts'));
const run = promisify(execFile);

const dir = mkdtempSync(join(tmpdir(), 'dashboard-bench-'));
const services = await provideServices({ dir: join(dir, 'services'), log: say });
const database = `bench_dashboard_${Date.now()}`;
await ensureDatabase(services.clickhouseUrl, database);
const ch = createClickHouse({ url: services.clickhouseUrl, database });
await migrate(ch, join(projectRoot, 'schemas', 'clickhouse'));

const bureau = newApiKey('bench-bureau', { kind: 'bureau', regionCode: '500237' });
const keysFile = join(dir, 'keys.json');
writeFileSync(keysFile, JSON.stringify({ keys: [bureau.entry] }));

const start = async (name: string, env: Record<string, string>, port: number) => {
  const t0 = performance.now();
  const { command, args } = serviceCommand(name);
  const proc = startTethered(command, args, {
    cwd: projectRoot,
    env: { ...process.env, LOG_LEVEL: 'warn', PORT: String(port), ...env },
    stdout: 'ignore',
  });
  for (let i = 0; ; i++) {
    const up = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (i > 480) throw new Error(`${name} did not answer /healthz in 120 s`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return { proc, startMs: performance.now() - t0, pid: await pidListeningOn(port) };
};

const apiPort = await freePort();
const api = await start(
  'query-api',
  {
    CLICKHOUSE_URL: services.clickhouseUrl,
    CLICKHOUSE_DATABASE: database,
    QUERY_API_KEYS_FILE: keysFile,
    RATE_LIMIT_PER_MINUTE: '10000000',
  },
  apiPort,
);
const dashboardPort = await freePort();
const dashboard = await start(
  'dashboard',
  { QUERY_API_URL: `http://127.0.0.1:${apiPort}`, NODE_ENV: 'production' },
  dashboardPort,
);
const direct = `http://127.0.0.1:${apiPort}`;
const proxied = `http://127.0.0.1:${dashboardPort}`;
const bundleBytes = (await (await fetch(`${proxied}/app.js`)).arrayBuffer()).byteLength;

const summary = '/v1/region/summary?from=2025-03-01&to=2025-04-01&groupBy=town';
const scenarios = [
  { name: 'page: / and /app.js (dashboard)', base: proxied, paths: ['/', '/app.js'] },
  { name: 'region summary, query API directly (baseline)', base: direct, paths: [summary] },
  { name: 'region summary through the dashboard', base: proxied, paths: [summary] },
  {
    name: 'OpenAPI document, query API directly (baseline)',
    base: direct,
    paths: ['/openapi.json'],
  },
  { name: 'OpenAPI document through the dashboard', base: proxied, paths: ['/openapi.json'] },
];

const loadBefore = loadavg()[0] as number;
const rows: (string | number)[][] = [];
for (const s of scenarios) {
  say(s.name);
  const job = {
    base: s.base,
    key: bureau.key,
    paths: s.paths,
    concurrency: CONCURRENCY,
    warmupSeconds: 2,
    seconds: SECONDS,
  };
  const { stdout } = await run(
    loadGenerator.command,
    [...loadGenerator.args, JSON.stringify(job)],
    { cwd: projectRoot, maxBuffer: 256 * 1024 * 1024 },
  );
  const result = JSON.parse(stdout.trim().split('\n').at(-1) as string) as {
    latencies: number[];
    statuses: Record<string, number>;
    elapsed: number;
  };
  rows.push([
    s.name,
    result.latencies.length,
    (result.latencies.length / result.elapsed).toFixed(0),
    percentile(result.latencies, 50).toFixed(1),
    percentile(result.latencies, 99).toFixed(1),
    Object.entries(result.statuses)
      .map(([k, v]) => `${k}×${v}`)
      .join(' '),
  ]);
}
const rss = (pid: number | undefined) => {
  const mb = pid === undefined ? undefined : peakRssMb(pid);
  return mb === undefined ? 'n/a' : `${mb.toFixed(0)} MB`;
};

console.log('## dashboard\n');
console.log(markdownTable(['scenario', 'requests', 'req/s', 'p50 ms', 'p99 ms', 'statuses'], rows));
console.log(
  `\nStart to /healthz: dashboard ${(dashboard.startMs / 1000).toFixed(1)} s (includes bundling the front end; ${(bundleBytes / 1024).toFixed(0)} KiB minified), query API ${(api.startMs / 1000).toFixed(1)} s. ` +
    `Peak RSS: dashboard ${rss(dashboard.pid)}, query API ${rss(api.pid)}. ` +
    `Load generator: a separate process, ${CONCURRENCY} concurrent keep-alive connections, ${SECONDS} s per scenario after 2 s warm-up; empty database (the forwarding cost, not the queries, is measured). ` +
    `Machine: ${cpus().length} cores, 1-minute load average ${loadBefore.toFixed(1)} before and ${(loadavg()[0] as number).toFixed(1)} after (shared with other work).`,
);

await dashboard.proc.stop();
await api.proc.stop();
await ch.command(rawSql(`DROP DATABASE IF EXISTS ${database}`)).catch(() => {});
await ch.close();
await services.stop();
rmSync(dir, { recursive: true, force: true });
