import type pg from 'pg';

/*
 * PostgreSQL statements this instance names, so each connection parses and plans them once. Kept apart from db.ts, which
 * builds storage from the repositories: a repository can mark its statement while its module loads.
 */

const statementNames = new Map<string, string>();

/**
 * Marks an SQL text that PostgreSQL should parse and plan once per connection and afterwards only bind: for a hot
 * statement whose text never changes and which names its result columns (a prepared `select *` would fail once a
 * later version adds a column). Returns the text.
 */
export function namedStatement(text: string): string {
  if (!statementNames.has(text)) statementNames.set(text, `casedesk_${statementNames.size + 1}`);
  return text;
}

/** Kysely sends every query as text and values; a text marked by `namedStatement` goes as a named statement instead. */
export function useNamedStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (config: string | pg.QueryConfig, values?: unknown[]) => Promise<pg.QueryResult>;
  const named = (config: string | pg.QueryConfig, values?: unknown[]) => {
    const name = typeof config === 'string' ? statementNames.get(config) : undefined;
    return name ? query({ name, text: config as string, values: values ?? [] }) : query(config, values);
  };
  client.query = named as typeof client.query;
}
