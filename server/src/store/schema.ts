/**
 * Row types of the database, as Kysely sees them. Conventions (portable across SQLite and Postgres):
 * - instants are epoch ms in BIGINT columns (pg's int8 is parsed to a JS number, see create-store.ts);
 * - booleans are INTEGER 0/1;
 * - JSON is TEXT (see docs/decisions/002-node-sqlite-and-postgres.md);
 * - every primary key starts with portal_id.
 */

export type RecordRow = {
  portal_id: number;
  id: string;
  /** the attributed company (deals/tickets/contacts: primary association; companies: own id) */
  company_id: string | null;
  updated_at: number;
  archived: number;
  generation: number;
  payload: string;
};

export type ResponseRow = {
  portal_id: number;
  id: string;
  contact_id: string | null;
  ticket_id: string | null;
  updated_at: number;
  archived: number;
  generation: number;
  payload: string;
};

export type Database = {
  installations: {
    portal_id: number;
    mode: string;
    status: string;
    scopes: string;
    access_token: string | null;
    refresh_token: string | null;
    access_token_expires_at: number | null;
    hub_domain: string | null;
    installed_at: number;
    updated_at: number;
  };
  companies: RecordRow;
  contacts: RecordRow;
  /** every company a non-archived contact is associated with (for contact counts and change impact) */
  contact_companies: { portal_id: number; contact_id: string; company_id: string };
  deals: RecordRow;
  tickets: RecordRow;
  responses: ResponseRow;
  /** contacts deleted under contact.privacyDeletion: their id only (store/tombstones.ts) */
  privacy_tombstones: { portal_id: number; contact_id: string; deleted_at: number };
  pipelines: { portal_id: number; object_type: string; id: string; payload: string };
  owners: { portal_id: number; id: string; user_id: number | null; payload: string };
  /** the live snapshot generation per portal, and the counter new generations come from */
  snapshot_pointers: { portal_id: number; live_generation: number; last_generation: number };
  snapshots: {
    portal_id: number;
    generation: number;
    company_id: string;
    synced_at: number;
    payload: string;
    signals: string;
  };
  history: {
    portal_id: number;
    company_id: string;
    day: string;
    score: number | null;
    band: string | null;
    settings_version: number;
    measure_points: string;
    /** 1: rebuilt by the first sync from HubSpot's timestamps, not scored on that day */
    reconstructed: number;
  };
  settings: {
    portal_id: number;
    version: number;
    payload: string;
    updated_at: number;
    updated_by: string | null;
  };
  settings_versions: { portal_id: number; version: number; changed_at: number; updated_by: string | null };
  sentiments: {
    portal_id: number;
    company_id: string;
    value: string;
    note: string;
    author_user_id: number | null;
    author_name: string;
    set_at: number;
  };
  sync_runs: {
    id: string;
    portal_id: number;
    kind: string;
    status: string;
    started_at: number;
    heartbeat_at: number;
    finished_at: number | null;
    progress: string | null;
    stats: string;
    error: string | null;
    report: string | null;
  };
  checkpoints: { portal_id: number; key: string; value: string; updated_at: number };
  webhook_events: {
    portal_id: number;
    event_id: string;
    received_at: number;
    payload: string;
    claimed_at: number | null;
    processed_at: number | null;
  };
  change_queue: {
    portal_id: number;
    object_type: string;
    id: string;
    kind: string;
    token: string;
    enqueued_at: number;
  };
  written_values: { portal_id: number; company_id: string; payload: string };
};

export type RecordTable = 'companies' | 'contacts' | 'deals' | 'tickets';
