import { sql, type RawBuilder } from 'kysely';
import { nearestRank } from '../domain/reports/report-filter.js';
import { dialectOf, type Executor } from './dialect.js';
import type { SqliteDatabase } from './sqlite-driver.js';

/*
 * Nearest-rank percentiles as aggregates, so a report ranks its values in the same pass that counts them. Ranking
 * with `row_number()` over every case of a year sorted half a million rows on SQLite, then grouped them twice more.
 * PostgreSQL has the aggregate: `percentile_disc(p) within group (order by …)` is the smallest value whose cumulative
 * share reaches p, which is the value at rank ceil(p · n), the nearest rank. SQLite has none that ranks so
 * (its `percentile_disc` takes rank floor(p · (n − 1)) + 1), so the connection gets one (`nearest_ranks`), which
 * collects a group's values and picks the ranks of `nearestRank` from them sorted.
 */

/** The percentiles the reports print, in the order `nearest_ranks` answers them. */
const PERCENTS = [50, 90] as const;
export type ReportPercent = (typeof PERCENTS)[number];

/** Registers `nearest_ranks(value)` on a SQLite connection: a JSON array of the group's median and 90th percentile (nulls ignored). */
export function registerNearestRanks(database: SqliteDatabase): void {
  database.aggregate('nearest_ranks', {
    start: (): number[] => [],
    step: (values: number[], value: unknown) => {
      if (value !== null) values.push(Number(value));
    },
    result: (values: number[]) => {
      if (values.length === 0) return JSON.stringify(PERCENTS.map(() => null));
      const sorted = Float64Array.from(values).sort();
      return JSON.stringify(PERCENTS.map((percent) => sorted[nearestRank(sorted.length, percent) - 1]));
    },
    deterministic: true,
  });
}

/**
 * The nearest-rank percentile of `value` over a group, as an aggregate expression of the executor's dialect. On
 * SQLite every percentile of one value is one `nearest_ranks` call (SQLite computes an aggregate written twice in a
 * statement once).
 */
export function nearestRankOf(executor: Executor, value: RawBuilder<unknown>, percent: ReportPercent): RawBuilder<number | null> {
  if (dialectOf(executor) === 'postgres') {
    return sql<number | null>`percentile_disc(${sql.lit(percent / 100)}) within group (order by ${value})`;
  }
  return sql<number | null>`json_extract(nearest_ranks(${value}), ${sql.lit(`$[${PERCENTS.indexOf(percent)}]`)})`;
}
