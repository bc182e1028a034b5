import { sql } from 'kysely';
import { performance } from 'node:perf_hooks';
import type { Actor } from '../../src/domain/access/permissions.js';
import { listCases } from '../../src/services/cases/view-cases.js';
import { search } from '../../src/services/search/search.js';
import type { Storage } from '../../src/storage/db.js';
import { percentile, report, type BenchLine } from '../support.js';
import type { MillionCases, OpenedMillionCases } from './million-cases.js';

const RUNS = 20;
const WARM_UP = 3;

interface Query {
  label: string;
  q: string;
  actor: 'admin' | 'staff' | 'customer';
}

/** What is searched: the kinds of term that cost differently (how many texts hold them, whether a trigram index serves them). */
function queriesOf(seeded: MillionCases, caseNumber: string): Query[] {
  return [
    { label: 'rare phrase', q: '"TCAM exhaustion"', actor: 'admin' },
    { label: 'common word', q: 'uplink', actor: 'admin' },
    { label: 'Chinese, 3 chars', q: '交换机', actor: 'admin' },
    { label: 'Chinese, 2 chars', q: '端口', actor: 'admin' },
    // In the rare fault's Chinese title only (about 50 cases in 1 000 000): no trigram serves it and few texts hold
    // it, so the newest-first scan finds no early stop — the worst case of a short term.
    { label: 'Chinese, 2 chars, rare', q: '耗尽', actor: 'admin' },
    { label: 'serial number', q: seeded.busySerial.serialNumber, actor: 'admin' },
    { label: 'case number', q: caseNumber, actor: 'admin' },
    { label: 'two words', q: '防火墙 CPU', actor: 'admin' },
    { label: 'staff (engineer), internal note', q: 'RMA', actor: 'staff' },
    { label: 'customer-scoped (largest customer)', q: '交换机', actor: 'customer' },
  ];
}

/** `run`'s times in ms, sorted, after a warm-up: what p50/p95 are read from. */
export async function timed(run: () => Promise<unknown>): Promise<number[]> {
  for (let index = 0; index < WARM_UP; index++) await run();
  const times: number[] = [];
  for (let index = 0; index < RUNS; index++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

const MB = 2 ** 20;

/** Bytes on disk of the cases table (and its indexes) and of the search index (texts, their b-tree, the trigram and bigram indexes). */
async function sizes(storage: Storage): Promise<{ metric: string; bytes: number }[]> {
  if (storage.dialect === 'postgres') {
    const { rows } = await sql<Record<string, string>>`select pg_relation_size('cases') as cases, pg_indexes_size('cases') as cases_indexes,
        pg_total_relation_size('case_search_texts') - pg_relation_size('case_search_texts_trgm')
          - pg_relation_size('case_search_texts_bigrams') as texts,
        pg_relation_size('case_search_texts_trgm') as trigram, pg_relation_size('case_search_texts_bigrams') as bigrams,
        pg_total_relation_size('case_similar_words') as words`.execute(storage.db);
    const row = rows[0]!;
    return [
      { metric: 'cases table', bytes: Number(row.cases) },
      { metric: "cases table's indexes", bytes: Number(row.cases_indexes) },
      { metric: 'search texts (table + b-tree)', bytes: Number(row.texts) },
      { metric: 'trigram index (GIN)', bytes: Number(row.trigram) },
      { metric: 'CJK bigram index (GIN)', bytes: Number(row.bigrams) },
      { metric: 'similar-case words (table + b-tree)', bytes: Number(row.words) },
    ];
  }
  const { rows } = await sql<{ name: string; tbl: string | null; bytes: number }>`select d.name, m.tbl_name as tbl, sum(d.pgsize) as bytes
    from dbstat d left join sqlite_master m on m.name = d.name group by d.name`.execute(storage.db);
  const sum = (match: (row: { name: string; tbl: string | null }) => boolean) =>
    rows.filter(match).reduce((total, row) => total + Number(row.bytes), 0);
  return [
    { metric: 'cases table', bytes: sum((row) => row.name === 'cases') },
    { metric: "cases table's indexes", bytes: sum((row) => row.tbl === 'cases' && row.name !== 'cases') },
    { metric: 'search texts (table + b-tree)', bytes: sum((row) => row.tbl === 'case_search_texts') },
    { metric: 'trigram index (FTS5)', bytes: sum((row) => row.name.startsWith('case_search_fts')) },
    { metric: 'CJK bigram index (FTS5)', bytes: sum((row) => row.name.startsWith('case_search_bigrams')) },
  ];
}

/** The search figures on a seeded data set: p50/p95 per kind of query, the queue's text filter, the index's size. */
export async function measureSearch(opened: OpenedMillionCases, database: 'sqlite' | 'postgres'): Promise<BenchLine[]> {
  const lines: BenchLine[] = [];
  const { storage, context, seeded } = opened;
  const scenario = `search, ${seeded.cases.toLocaleString('en')} cases`;
  lines.push(report({ scenario, database, metric: 'seeded in', value: seeded.seedSeconds, unit: 's' }));
  lines.push(report({ scenario, database, metric: 'of which migration 0064 (bigram index)', value: seeded.bigramIndexSeconds, unit: 's' }));
  if (database === 'postgres')
    lines.push(
      report({ scenario, database, metric: 'of which migration 0066 (similar-case words)', value: seeded.similarWordsSeconds, unit: 's' }),
    );
  const middle = await sql<{
    number: string;
  }>`select number from cases order by id limit 1 offset ${Math.floor(seeded.cases / 2)}`.execute(storage.db);
  const actors: Record<Query['actor'], Actor> = {
    admin: { userId: 'bench', role: 'admin', organizationId: null },
    staff: seeded.staff,
    customer: seeded.customer,
  };
  for (const query of queriesOf(seeded, middle.rows[0]!.number)) {
    for (const status of ['all', 'open'] as const) {
      let found = 0;
      let more = false;
      const times = await timed(async () => {
        const results = await search(context, actors[query.actor], { q: query.q, status, kinds: ['cases'], limit: 20, offset: 0 });
        found = results.cases?.items.length ?? 0;
        more = results.cases?.hasMore ?? false;
      });
      const label = `${query.label} [${status}]`;
      lines.push(
        report({ scenario, database, metric: `${label} p50 (${found}${more ? '+' : ''})`, value: percentile(times, 50), unit: 'ms' }),
        report({
          scenario,
          database,
          metric: `${label} p95`,
          value: percentile(times, 95),
          unit: 'ms',
          target: database === 'sqlite' ? '< 100 ms' : undefined,
        }),
      );
    }
  }
  const staff = actors.admin;
  const queue = await timed(() => listCases(context, staff, { text: '交换机', open: true, limit: 50 }));
  lines.push(
    report({ scenario, database, metric: 'queue filter 交换机 (open), p50', value: percentile(queue, 50), unit: 'ms' }),
    report({ scenario, database, metric: 'queue filter 交换机 (open), p95', value: percentile(queue, 95), unit: 'ms' }),
  );
  const measured = await sizes(storage);
  for (const entry of measured) lines.push(report({ scenario, database, metric: entry.metric, value: entry.bytes / MB, unit: 'MB' }));
  const table = measured[0]!.bytes;
  const index = measured[2]!.bytes + measured[3]!.bytes + measured[4]!.bytes;
  lines.push(report({ scenario, database, metric: 'search index / cases table', value: index / table, unit: 'x' }));
  return lines;
}
