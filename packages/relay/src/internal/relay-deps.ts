import type { Logger } from '@tether/codec';
import type { ConnectionsApi } from './connections-api.js';
import type { ConnectionRecord, RelayTable, RunnerRecord } from './table.js';
import type { TtlCache } from './ttl-cache.js';

/** What every route works with; one per warm relay. */
export interface RelayDeps {
  table: RelayTable;
  api: ConnectionsApi;
  /** Registrations by `app#stage`. */
  runners: TtlCache<RunnerRecord>;
  /** Connection records by connection id. */
  connections: TtlCache<ConnectionRecord>;
  logger: Logger;
  now: () => number;
}

/** The connection a message came from and where to answer it. */
export interface Sender {
  connectionId: string;
  endpoint: string;
}

/** The cache key of a stage's registration. */
export function stageKey(app: string, stage: string): string {
  return `${encodeURIComponent(app)}#${encodeURIComponent(stage)}`;
}
