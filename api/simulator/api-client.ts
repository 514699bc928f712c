/** An HTTP error answer from the API, with the reason it gave. */
export class ApiError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    const reason =
      body && typeof body === 'object'
        ? ((body as { reason?: string; error?: string }).reason ?? (body as { error?: string }).error)
        : undefined;
    super(`${method} ${path} answered ${status}${reason ? `: ${reason}` : ''}`);
    this.name = 'ApiError';
  }
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface ApiClientOptions {
  apiUrl: string;
  email: string;
  password: string;
  timeoutMs?: number;
}

/**
 * The PortTrack API over HTTP, as any client sees it (docs/api.md): logs in lazily, sends
 * the bearer token, and forgets the token on a 401 so the next call logs in again.
 */
export class ApiClient {
  private token: string | undefined;
  private readonly base: string;
  private readonly timeoutMs: number;

  constructor(private readonly options: ApiClientOptions) {
    this.base = options.apiUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  async login(): Promise<void> {
    const answer = await this.send<{ token: string }>(
      'POST',
      '/auth/login',
      {
        email: this.options.email,
        password: this.options.password,
      },
      false,
    );
    this.token = answer.token;
  }

  /** A login that is expected to fail (wrong password): true when the API refused it. */
  async failedLogin(email: string): Promise<number> {
    try {
      await this.send('POST', '/auth/login', { email, password: 'not-the-password' }, false);
      return 200;
    } catch (err) {
      if (err instanceof ApiError) return err.status;
      throw err;
    }
  }

  /** Sets the API's fault injection (`/internal/faults`, served outside production only). */
  async setFaultErrorRate(errorRate: number): Promise<void> {
    const response = await fetch(`${this.base}/internal/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ error_rate: errorRate }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!response.ok)
      throw new ApiError('PUT', '/internal/faults', response.status, await response.text().catch(() => ''));
  }

  get<T>(path: string): Promise<T> {
    return this.send<T>('GET', path);
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.send<T>('POST', path, body);
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return this.send<T>('PATCH', path, body);
  }

  /** Every item of a paginated list, 500 at a time (bounded to 20 pages). */
  async listAll<T>(path: string, query: Record<string, string> = {}): Promise<T[]> {
    const items: T[] = [];
    for (let page = 0; page < 20; page++) {
      const params = new URLSearchParams({ ...query, limit: '500', offset: String(items.length) });
      const answer = await this.get<Page<T>>(`${path}?${params}`);
      items.push(...answer.items);
      if (answer.items.length === 0 || items.length >= answer.total) break;
    }
    return items;
  }

  private async send<T>(method: string, path: string, body?: unknown, auth = true): Promise<T> {
    if (auth && !this.token) await this.login();
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (auth && this.token) headers.authorization = `Bearer ${this.token}`;
    const response = await fetch(`${this.base}/api/v1${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await response.text();
    let parsed: unknown = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    if (!response.ok) {
      if (response.status === 401 && auth) this.token = undefined;
      throw new ApiError(method, path, response.status, parsed);
    }
    return parsed as T;
  }
}
