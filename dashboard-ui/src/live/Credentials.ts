// API keys the person typed into the dashboard's settings (kept in localStorage). With keys on, the
// transport module trades them for single-use tickets (POST /api/v1/tickets) before every push
// connection; in open mode (loopback, no keys configured) both stay empty and tickets are issued
// without a key.

export interface Credentials {
  /** A view key: reads topics and opens push connections. */
  viewKey?: string;
  /** An ingest key: needed for the score control's commands (a key in both lists does both). */
  ingestKey?: string;
}

export const CREDENTIALS_STORAGE_KEY = 'livedash.credentials';

export function loadCredentials(storage: Pick<Storage, 'getItem'> = localStorage): Credentials {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(CREDENTIALS_STORAGE_KEY) ?? '{}');
    if (parsed === null || typeof parsed !== 'object') return {};
    const { viewKey, ingestKey } = parsed as Record<string, unknown>;
    return {
      ...(typeof viewKey === 'string' && viewKey !== '' ? { viewKey } : {}),
      ...(typeof ingestKey === 'string' && ingestKey !== '' ? { ingestKey } : {}),
    };
  } catch {
    return {};
  }
}

export function saveCredentials(credentials: Credentials, storage: Pick<Storage, 'setItem'> = localStorage): void {
  storage.setItem(CREDENTIALS_STORAGE_KEY, JSON.stringify(credentials));
}
