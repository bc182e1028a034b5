import type { Kysely } from 'kysely';
import type { CaseListRow, NewCase } from './repositories/cases.js';
import { insertNewCasesOfOneYear } from './repositories/new-cases-statement.js';
import type { Database } from './schema.js';

const MAX_CASES_PER_STATEMENT = 64;

interface Pending {
  newCase: NewCase;
  resolve(row: CaseListRow): void;
  reject(error: unknown): void;
}

/**
 * PostgreSQL: a writer of opened cases, each written together with the others this instance is opening at the same
 * moment. Every intake needs the year's counter row, so intakes queue for it one after another; here those that arrive while a
 * statement is under way share the next one, and the row is locked once for all of them. If a shared statement
 * fails (one case names an unknown organisation, say), each of its cases is written alone, so only the faulty one
 * fails. A case is reported written only once its statement has committed.
 */
export function writeNewCasesTogether(db: Kysely<Database>): (newCase: NewCase) => Promise<CaseListRow> {
  const queue: Pending[] = [];
  let writing = false;

  const writeAlone = (member: Pending) =>
    insertNewCasesOfOneYear(db, [member.newCase]).then(
      ([row]) => member.resolve(row!),
      (error: unknown) => member.reject(error),
    );

  const writeTogether = async (batch: Pending[]): Promise<void> => {
    if (batch.length === 1) return writeAlone(batch[0]!);
    let rows: CaseListRow[];
    try {
      rows = await insertNewCasesOfOneYear(
        db,
        batch.map((member) => member.newCase),
      );
    } catch {
      await Promise.all(batch.map(writeAlone));
      return;
    }
    const byId = new Map(rows.map((row) => [row.id, row]));
    for (const member of batch) member.resolve(byId.get(member.newCase.row.id)!);
  };

  const drain = async (): Promise<void> => {
    try {
      while (queue.length > 0) {
        // A statement numbers from one year's counter; a case of another year (around New Year) waits for the next.
        const year = queue[0]!.newCase.year;
        const batch: Pending[] = [];
        for (let index = 0; index < queue.length && batch.length < MAX_CASES_PER_STATEMENT;) {
          if (queue[index]!.newCase.year === year) batch.push(...queue.splice(index, 1));
          else index++;
        }
        await writeTogether(batch);
      }
    } finally {
      writing = false;
    }
  };

  return (newCase) =>
    new Promise<CaseListRow>((resolve, reject) => {
      queue.push({ newCase, resolve, reject });
      if (!writing) {
        writing = true;
        // Intakes read in the same turn of the event loop join the first statement too.
        setImmediate(() => void drain());
      }
    });
}
