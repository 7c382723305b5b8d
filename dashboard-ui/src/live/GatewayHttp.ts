import { refusalCode } from './DisconnectCodes';
import type { LongPollResponse, TicketResponse, TopicInfo, TopicName } from './wire';

/** An HTTP call's outcome, as the transport needs to tell them apart. */
export type HttpOutcome<T> =
  /** 2xx with the parsed body. */
  | { kind: 'ok'; value: T }
  /** 401/403: the credentials were refused; `code` is 4501/4502. */
  | { kind: 'refused'; code: number; reason: string }
  /** Any other answer, or none (network error, timeout): worth retrying later. */
  | { kind: 'failed'; status?: number; reason: string };

/**
 * The gateway's plain HTTP calls the transport makes: tickets, the topic list (also a probe of
 * whether the gateway is reachable and takes the key), and long polls. `Authorization: Bearer <key>`
 * when a key is given; in open mode no header.
 */
export class GatewayHttp {
  constructor(
    private readonly baseUrl: string,
    private readonly fetchImpl: typeof fetch,
  ) {}

  /** `POST /api/v1/tickets` (the body is ignored by the gateway). */
  issueTicket(key: string | undefined): Promise<HttpOutcome<TicketResponse>> {
    return this.call('/api/v1/tickets', { method: 'POST' }, key, (body) =>
      isRecord(body) && typeof body['ticket'] === 'string' ? (body as unknown as TicketResponse) : undefined,
    );
  }

  /** `GET /api/v1/topics`. */
  listTopics(key: string | undefined): Promise<HttpOutcome<TopicInfo[]>> {
    return this.call('/api/v1/topics', { method: 'GET' }, key, (body) =>
      Array.isArray(body) ? (body as TopicInfo[]) : undefined,
    );
  }

  /** `GET /api/v1/poll?topic=..&cursor=..`: held by the gateway up to 25 s when nothing is due. */
  poll(topics: readonly TopicName[], cursor: string | undefined, key: string | undefined, signal: AbortSignal): Promise<HttpOutcome<LongPollResponse>> {
    const query = new URLSearchParams();
    for (const topic of topics) query.append('topic', topic);
    if (cursor) query.set('cursor', cursor);
    return this.call(`/api/v1/poll?${query.toString()}`, { method: 'GET', signal }, key, (body) =>
      isRecord(body) && Array.isArray(body['events']) && typeof body['cursor'] === 'string'
        ? (body as unknown as LongPollResponse)
        : undefined,
    );
  }

  private async call<T>(path: string, init: RequestInit, key: string | undefined, parse: (body: unknown) => T | undefined): Promise<HttpOutcome<T>> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (key) headers['Authorization'] = `Bearer ${key}`;
    let response: Response;
    try {
      response = await this.fetchImpl(this.baseUrl + path, { ...init, headers, cache: 'no-store' });
    } catch (error) {
      return { kind: 'failed', reason: error instanceof Error ? error.message : 'network error' };
    }
    const refused = refusalCode(response.status);
    if (refused !== undefined) return { kind: 'refused', code: refused, reason: await problemTitle(response) };
    if (!response.ok) return { kind: 'failed', status: response.status, reason: await problemTitle(response) };
    try {
      const value = parse(await response.json());
      return value === undefined ? { kind: 'failed', status: response.status, reason: 'unexpected answer' } : { kind: 'ok', value };
    } catch {
      return { kind: 'failed', status: response.status, reason: 'the answer is not JSON' };
    }
  }
}

async function problemTitle(response: Response): Promise<string> {
  try {
    const body: unknown = await response.json();
    if (isRecord(body)) {
      const text = body['detail'] ?? body['title'];
      if (typeof text === 'string') return text;
    }
  } catch {
    // Not problem+json: the status says enough.
  }
  return `HTTP ${response.status}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
