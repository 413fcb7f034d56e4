/**
 * Reads the first present value among dotted paths. The pages read the query API's
 * answers through this so that a field the API nests differently than expected shows as
 * "—" instead of breaking the page.
 */
export function pick(source: unknown, ...paths: string[]): unknown {
  for (const path of paths) {
    let value: unknown = source;
    for (const part of path.split('.')) {
      if (value === null || typeof value !== 'object') {
        value = undefined;
        break;
      }
      value = (value as Record<string, unknown>)[part];
    }
    if (value !== undefined && value !== null) return value;
  }
  return undefined;
}

export function pickFigure(source: unknown, ...paths: string[]): number | string | undefined {
  const value = pick(source, ...paths);
  return typeof value === 'number' || typeof value === 'string' ? value : undefined;
}

export function pickString(source: unknown, ...paths: string[]): string {
  const value = pick(source, ...paths);
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

/** A list in an answer: the answer itself, or its first array field among `paths`. */
export function pickList(source: unknown, ...paths: string[]): Record<string, unknown>[] {
  if (Array.isArray(source)) return source as Record<string, unknown>[];
  const value = pick(source, ...paths, 'items', 'rows', 'data');
  return Array.isArray(value) ? (value as Record<string, unknown>[]) : [];
}
