/** Failure of an API call, with what the page should tell the reader. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type Query = Record<string, string | number | undefined>;

/** Calls the query API through the dashboard's own origin with the session's key. */
export interface ApiClient {
  get<T>(path: string, query?: Query): Promise<T>;
  send<T>(method: 'POST' | 'DELETE', path: string, body?: unknown): Promise<T>;
  download(path: string, query: Query, fileName: string): Promise<void>;
}

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== '') params.set(k, String(v));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function failure(response: Response): Promise<ApiError> {
  let message = `HTTP ${response.status}`;
  try {
    const body = (await response.json()) as { message?: string; error?: string };
    message = body.message ?? body.error ?? message;
  } catch {
    // not JSON: the status says enough
  }
  return new ApiError(response.status, message);
}

export function apiClient(apiKey: string, onUnauthorized: () => void): ApiClient {
  const call = async (method: string, url: string, body?: unknown, accept = 'application/json') => {
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${apiKey}`,
          accept,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0, 'network error');
    }
    if (response.status === 401) onUnauthorized();
    if (!response.ok) throw await failure(response);
    return response;
  };
  return {
    async get<T>(path: string, query?: Query) {
      return (await (await call('GET', withQuery(path, query))).json()) as T;
    },
    async send<T>(method: 'POST' | 'DELETE', path: string, body?: unknown) {
      const response = await call(method, path, body);
      const text = await response.text();
      return (text ? JSON.parse(text) : {}) as T;
    },
    async download(path: string, query: Query, fileName: string) {
      const response = await call('GET', withQuery(path, query), undefined, 'text/csv');
      const url = URL.createObjectURL(await response.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = fileName;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
  };
}
