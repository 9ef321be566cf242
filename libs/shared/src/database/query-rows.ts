// TypeORM's postgres driver answers an UPDATE/DELETE … RETURNING with [rows, rowCount] and
// everything else with rows; this gives rows either way.
export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

export async function queryRows<T>(db: Queryable, sql: string, parameters?: unknown[]): Promise<T[]> {
  const result = await db.query(sql, parameters);
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') {
    return result[0] as T[];
  }
  return result as T[];
}
