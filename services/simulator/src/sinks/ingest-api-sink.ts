import { AbortError } from 'p-retry';
import { RetryLater, type SendOutcome, type Sink } from './sink.js';

const REQUEST_TIMEOUT_MS = 60_000;
const DEFAULT_RETRY_AFTER_S = 1;

/** Retry-After in seconds or as an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterMs(header: string | null, now = Date.now()): number {
  if (!header) return DEFAULT_RETRY_AFTER_S * 1000;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? DEFAULT_RETRY_AFTER_S * 1000 : Math.max(0, date - now);
}

interface ItemResult {
  status?: string;
  accepted?: boolean;
  errors?: unknown;
  reasons?: unknown;
}

/**
 * Reads the 202 answer: per-item results (`{ results: [{ status | accepted, errors }] }`)
 * or counts (`{ accepted, rejected }`). Anything else counts the whole request accepted,
 * since the API only answers 202 once Kafka has the valid items.
 */
export function outcomeOf(body: unknown, sent: number): SendOutcome {
  const b = (body ?? {}) as { results?: ItemResult[]; accepted?: unknown; rejected?: unknown };
  if (Array.isArray(b.results)) {
    const refused = b.results.filter((r) => r?.status === 'rejected' || r?.accepted === false);
    return {
      accepted: b.results.length - refused.length,
      rejected: refused.length,
      reasons: refused.slice(0, 3).map((r) => JSON.stringify(r.errors ?? r.reasons ?? r)),
    };
  }
  if (typeof b.accepted === 'number') {
    const rejected =
      typeof b.rejected === 'number'
        ? b.rejected
        : Array.isArray(b.rejected)
          ? b.rejected.length
          : sent - b.accepted;
    return {
      accepted: b.accepted,
      rejected,
      reasons: Array.isArray(b.rejected)
        ? b.rejected.slice(0, 3).map((r) => JSON.stringify(r))
        : [],
    };
  }
  return { accepted: sent, rejected: 0, reasons: [] };
}

/**
 * Through the ingest API, as an enterprise's or platform's producer would: JSON array
 * bodies of at most 1,000 items, a Bearer key. 503 means "Kafka did not take it; nothing
 * counted": the batch is sent again after Retry-After (readingIds make that safe).
 */
export function ingestApiSink(baseUrl: string, apiKey: string): Sink {
  const base = baseUrl.replace(/\/+$/, '');
  const post = async (path: string, items: unknown[]): Promise<SendOutcome> => {
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
      body: JSON.stringify(items),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await res.text();
    const json = (() => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return undefined;
      }
    })();
    if (res.status === 202 || res.status === 200) return outcomeOf(json, items.length);
    if (res.status === 400) {
      // Nothing in the request was valid: with deliberately bad readings a small batch can be all bad.
      return { accepted: 0, rejected: items.length, reasons: [text.slice(0, 500)] };
    }
    if (res.status === 503 || res.status === 429) {
      throw new RetryLater(
        retryAfterMs(res.headers.get('retry-after')),
        `ingest API answered ${res.status} on ${path}`,
      );
    }
    if (res.status === 401 || res.status === 403) {
      throw new AbortError(
        `ingest API refused the key (${res.status} on ${path}): set INGEST_API_KEY to a key allowed to submit for the simulated orgs`,
      );
    }
    if (res.status === 413 || res.status === 415) {
      throw new AbortError(`ingest API answered ${res.status} on ${path}: ${text.slice(0, 300)}`);
    }
    throw new Error(`ingest API answered ${res.status} on ${path}: ${text.slice(0, 300)}`);
  };
  return {
    name: 'ingest-api',
    async send(batch) {
      const readings = batch.flatMap((i) => (i.kind === 'reading' ? [i.reading] : []));
      const outputs = batch.flatMap((i) => (i.kind === 'output' ? [i.output] : []));
      const total: SendOutcome = { accepted: 0, rejected: 0, reasons: [] };
      for (const [path, items] of [
        ['/v1/readings', readings],
        ['/v1/outputs', outputs],
      ] as const) {
        if (items.length === 0) continue;
        const outcome = await post(path, items);
        total.accepted += outcome.accepted;
        total.rejected += outcome.rejected;
        total.reasons.push(...outcome.reasons);
      }
      return total;
    },
    async ready() {
      const res = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(5_000) });
      return res.ok;
    },
    async close() {},
  };
}
