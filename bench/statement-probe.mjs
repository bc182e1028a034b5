/**
 * Counts the database statements a server runs, for `bench/intake-cpu.ts --statements`: loaded into each server with
 * `--import`, it wraps pg's `Client#query` and better-sqlite3's statement calls, and writes the running count to
 * `$BENCH_STATEMENT_PROBE_DIR/<pid>` ten times a second. Statements per intake are steadier than CPU time on a
 * shared machine: they do not depend on how busy the machine is, only on how many intakes share a statement.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const dir = process.env.BENCH_STATEMENT_PROBE_DIR;
if (dir) {
  const require = createRequire(path.join(process.env.BENCH_STATEMENT_PROBE_ROOT ?? process.cwd(), 'package.json'));
  let count = 0;
  try {
    const pg = require('pg');
    const query = pg.Client.prototype.query;
    pg.Client.prototype.query = function countedQuery(...args) {
      count++;
      return query.apply(this, args);
    };
  } catch {
    // no pg here
  }
  for (const name of ['better-sqlite3', 'better-sqlite3-napi']) {
    try {
      const Database = require(name);
      const prepare = Database.prototype.prepare;
      const patched = new Set();
      Database.prototype.prepare = function countedPrepare(...args) {
        const statement = prepare.apply(this, args);
        const proto = Object.getPrototypeOf(statement);
        if (!patched.has(proto)) {
          patched.add(proto);
          for (const method of ['run', 'get', 'all', 'iterate']) {
            const original = proto[method];
            proto[method] = function countedCall(...callArgs) {
              count++;
              return original.apply(this, callArgs);
            };
          }
        }
        return statement;
      };
    } catch {
      // not installed
    }
  }
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, String(process.pid));
  setInterval(() => fs.writeFileSync(file, String(count)), 100).unref();
}
