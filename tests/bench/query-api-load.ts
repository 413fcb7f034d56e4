// Load generator for tests/bench/query-api.bench.ts, run as its own process so the API's
// process and this one do not share an event loop. Reads a JSON job from argv[2]:
//   { base, key (empty: no Authorization header), paths: string[], concurrency, warmupSeconds, seconds }
// and prints one JSON line: latencies (ms) of the measured requests and status counts.
interface Job {
  base: string;
  key: string;
  paths: string[];
  concurrency: number;
  warmupSeconds: number;
  seconds: number;
}

const job = JSON.parse(process.argv[2] ?? '{}') as Job;
const latencies: number[] = [];
const statuses: Record<string, number> = {};
let next = 0;

async function worker(until: number, measure: boolean) {
  while (Date.now() < until) {
    const path = job.paths[next++ % job.paths.length] as string;
    const t0 = performance.now();
    // Node's fetch keeps connections alive between requests, as a real client would.
    const res = await fetch(`${job.base}${path}`, {
      headers: job.key ? { authorization: `Bearer ${job.key}` } : {},
    });
    await res.text();
    const ms = performance.now() - t0;
    if (!measure) continue;
    latencies.push(ms);
    statuses[res.status] = (statuses[res.status] ?? 0) + 1;
  }
}

const warmEnd = Date.now() + job.warmupSeconds * 1000;
await Promise.all(Array.from({ length: job.concurrency }, () => worker(warmEnd, false)));
const start = Date.now();
const end = start + job.seconds * 1000;
await Promise.all(Array.from({ length: job.concurrency }, () => worker(end, true)));
const elapsed = (Date.now() - start) / 1000;
process.stdout.write(`${JSON.stringify({ latencies, statuses, elapsed })}\n`);
