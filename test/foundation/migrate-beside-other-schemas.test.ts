import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/databases.js';

const postgresUrl = process.env.CASEDESK_TEST_DATABASE_URL;

// Several CaseDesk databases (or other applications) may share one PostgreSQL database in their own schemas; one
// of them dropping its schema must not fail another's start-up. Test runs do exactly this all the time.
describe.skipIf(!postgresUrl)('migrations beside schemas that come and go [postgres]', () => {
  it('a fresh schema migrates while other schemas are dropped meanwhile', async () => {
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    let churning = true;
    const churn = (async () => {
      while (churning) {
        const name = `churn_${randomBytes(4).toString('hex')}`;
        await admin.query(`CREATE SCHEMA ${name}`);
        await admin.query(`CREATE TABLE ${name}.things (id serial primary key, label text)`);
        await admin.query(`DROP SCHEMA ${name} CASCADE`);
      }
    })();
    try {
      for (let round = 0; round < 12; round += 1) {
        const database = await createTestDatabase('postgres');
        try {
          const storage = await database.open();
          const tables = await storage.db.selectFrom('cases').select('id').limit(1).execute();
          expect(tables).toEqual([]);
          await storage.close();
        } finally {
          await database.drop();
        }
      }
    } finally {
      churning = false;
      await churn;
      await admin.end();
    }
  }, 240_000); // DDL on a busy PostgreSQL: far slower on a loaded machine, never wrong
});
