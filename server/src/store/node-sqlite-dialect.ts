import { DatabaseSync, type StatementSync } from 'node:sqlite';
import {
  CompiledQuery,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from 'kysely';

/**
 * A Kysely dialect over Node's built-in `node:sqlite` (no native addon to build). There is one connection;
 * Kysely serialises access to it because SqliteAdapter declares `supportsMultipleConnections = false`, and this
 * driver adds its own lock too, so a transaction never interleaves with another caller's statements even if
 * that Kysely behaviour changes.
 */
export class NodeSqliteDialect implements Dialect {
  readonly #path: string;

  /** `path` is a file path or `:memory:` */
  constructor(path: string) {
    this.#path = path;
  }

  createDriver(): Driver {
    return new NodeSqliteDriver(this.#path);
  }
  createQueryCompiler() {
    return new SqliteQueryCompiler();
  }
  createAdapter() {
    return new SqliteAdapter();
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's own signature
  createIntrospector(db: Kysely<any>) {
    return new SqliteIntrospector(db);
  }
}

class NodeSqliteDriver implements Driver {
  readonly #path: string;
  #db: DatabaseSync | undefined;
  #connection: NodeSqliteConnection | undefined;
  #lock: Promise<void> = Promise.resolve();
  #unlock: (() => void) | undefined;

  constructor(path: string) {
    this.#path = path;
  }

  async init(): Promise<void> {
    const db = new DatabaseSync(this.#path, { enableForeignKeyConstraints: true, timeout: 5000 });
    // WAL lets readers in other processes (a CLI, a backup) run while we write; NORMAL sync is durable
    // across process crashes in WAL mode and much faster than FULL.
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = NORMAL');
    db.exec('PRAGMA foreign_keys = ON');
    // deleted rows are overwritten with zeros, not left in free pages: a privacy deletion leaves no text behind
    db.exec('PRAGMA secure_delete = ON');
    db.exec('PRAGMA busy_timeout = 5000');
    // Card reads touch a random company's pages: SQLite's default 2 MiB page cache turns most of them into read()
    // calls. 64 MiB is a ceiling (pages are cached as they are read), measured ~25% off a card read at 10k companies.
    db.exec('PRAGMA cache_size = -65536');
    this.#db = db;
    this.#connection = new NodeSqliteConnection(db);
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.#lock;
    let release!: () => void;
    this.#lock = new Promise<void>((resolve) => (release = resolve));
    await previous;
    this.#unlock = release;
    if (!this.#connection) throw new Error('SQLite store is closed');
    return this.#connection;
  }

  async releaseConnection(): Promise<void> {
    const unlock = this.#unlock;
    this.#unlock = undefined;
    unlock?.();
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    // IMMEDIATE takes the write lock up front, so another process cannot make us fail mid-transaction.
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }
  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async destroy(): Promise<void> {
    this.#connection?.clearCache();
    this.#connection = undefined;
    this.#db?.close();
    this.#db = undefined;
  }
}

type SqliteValue = null | number | bigint | string | Uint8Array;

function toSqliteValue(value: unknown): SqliteValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'string') return value;
  if (value instanceof Uint8Array) return value;
  if (value instanceof Date) return value.getTime();
  throw new TypeError(`cannot bind a ${typeof value} to a SQLite parameter`);
}

const STATEMENT_CACHE_SIZE = 200;

class NodeSqliteConnection implements DatabaseConnection {
  readonly #db: DatabaseSync;
  // Preparing is a measurable part of a sub-millisecond read; the same few statements repeat all day.
  readonly #statements = new Map<string, { statement: StatementSync; isReader: boolean }>();

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  clearCache(): void {
    this.#statements.clear();
  }

  #prepare(sql: string): { statement: StatementSync; isReader: boolean } {
    const cached = this.#statements.get(sql);
    if (cached) return cached;
    const statement = this.#db.prepare(sql);
    const entry = { statement, isReader: statement.columns().length > 0 };
    if (this.#statements.size >= STATEMENT_CACHE_SIZE) {
      const oldest = this.#statements.keys().next().value;
      if (oldest !== undefined) this.#statements.delete(oldest);
    }
    this.#statements.set(sql, entry);
    return entry;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const { statement, isReader } = this.#prepare(compiledQuery.sql);
    const parameters = compiledQuery.parameters.map(toSqliteValue);
    if (isReader) {
      // Rows are plain column maps; the callers map them to typed objects column by column.
      return { rows: statement.all(...parameters) as R[] };
    }
    const { changes, lastInsertRowid } = statement.run(...parameters);
    return { rows: [], numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid) };
  }

  async *streamQuery<R>(compiledQuery: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    const { statement } = this.#prepare(compiledQuery.sql);
    for (const row of statement.iterate(...compiledQuery.parameters.map(toSqliteValue))) {
      yield { rows: [row as R] };
    }
  }
}
