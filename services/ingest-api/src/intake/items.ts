import { type FieldError, MAX_ITEMS_PER_REQUEST } from '@carbon-account/schemas';
import { BodyError } from './body-error.js';

/** One item of a request body before it is judged. */
// Plain data, no closures: a request has up to 10,000 of these.
export interface RawItem {
  /** 0-based position in the request. */
  index: number;
  /** 1-based line of the body (NDJSON, CSV). */
  line?: number;
  value?: unknown;
  /** The item's text as it came (NDJSON line, CSV row); for a JSON array item, absent. */
  text?: string;
  /** Set when the item could not even be read (not JSON, a CSV row of the wrong width). */
  unreadable?: FieldError[];
}

export function checkCount(count: number): void {
  if (count > MAX_ITEMS_PER_REQUEST) {
    throw new BodyError(
      413,
      'too_many_items',
      `${count} items in one request; at most ${MAX_ITEMS_PER_REQUEST}: split the request`,
    );
  }
}

/** A JSON array of items (a single object is taken as one item). */
export function itemsFromJson(body: Buffer): RawItem[] {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new BodyError(400, 'invalid_json', `the body is not JSON: ${(err as Error).message}`);
  }
  const values = Array.isArray(json) ? json : [json];
  if (json === null || typeof json !== 'object') {
    throw new BodyError(400, 'invalid_body', 'expected a JSON array of items (or one object)');
  }
  checkCount(values.length);
  return values.map((value, index) => ({ index, value }));
}

/** NDJSON: one JSON object per line; blank lines are skipped. */
export function itemsFromNdjson(body: Buffer): RawItem[] {
  const lines = body.toString('utf8').split('\n');
  const items: RawItem[] = [];
  for (let i = 0; i < lines.length; i++) {
    const text = (lines[i] as string).trim();
    if (text === '') continue;
    const line = i + 1;
    const index = items.length;
    if (index >= MAX_ITEMS_PER_REQUEST) checkCount(lines.filter((l) => l.trim() !== '').length);
    try {
      items.push({ index, line, value: JSON.parse(text), text });
    } catch (err) {
      items.push({
        index,
        line,
        text,
        unreadable: [
          { path: '(item)', message: `line ${line} is not JSON: ${(err as Error).message}` },
        ],
      });
    }
  }
  return items;
}
