import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';

/** bigint columns (sequences, sums) arrive as strings; the server turns them into numbers where it reads them. */
export function openPool(databaseUrl: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString: databaseUrl, max, connectionTimeoutMillis: 5000 });
  // An idle client whose server went away (a restart) emits here; the pool drops it and makes a new one.
  pool.on('error', () => undefined);
  return pool;
}

/** Clients already given an error listener (the pool reuses them). */
const guarded = new WeakSet<pg.PoolClient>();

export async function withTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  // A checked-out client whose server goes away emits 'error' besides failing its query; unheard,
  // that event would end the process. The failed query already answers the request (503).
  if (!guarded.has(client)) {
    client.on('error', () => undefined);
    guarded.add(client);
  }
  let broken = false;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    broken = true;
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    // A client that failed mid-transaction may hold a dead socket: do not hand it out again.
    client.release(broken);
  }
}

export async function audit(db: pg.Pool | pg.PoolClient, orgId: string | null, actor: string | null, action: string, detail: object): Promise<void> {
  await db.query('INSERT INTO server_audit (org_id, actor, action, detail) VALUES ($1, $2, $3, $4)', [orgId, actor, action, detail]);
}

/** Tokens, keys and codes: random, shown once, stored only as their SHA-256 (they carry 128+ bits, so no slow hash is needed). */
export function newSecret(prefix: string, bytes = 32): string {
  return `${prefix}_${randomBytes(bytes).toString('base64url')}`;
}

export function secretHash(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}
