import type { queryApi } from '@carbon-account/schemas';

export interface PageParams {
  limit: number;
  offset: number;
}

export function pageInfo(params: PageParams, total: number): queryApi.PageInfo {
  const next = params.offset + params.limit;
  return {
    limit: params.limit,
    offset: params.offset,
    total,
    nextOffset: next < total ? next : null,
  };
}

/** A page of a bounded result already in memory. */
export function pageOf<T>(rows: readonly T[], params: PageParams) {
  return {
    items: rows.slice(params.offset, params.offset + params.limit),
    page: pageInfo(params, rows.length),
  };
}
