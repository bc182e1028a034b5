import fs from 'node:fs';
import { SingleBar, Presets } from 'cli-progress';
import type { Actor } from '../../domain/access/permissions.js';
import { translate } from '../../i18n/translate.js';
import { IMPORT_KINDS, type ImportKind } from '../../services/delivered-systems/csv-columns.js';
import { exportCsv } from '../../services/delivered-systems/export-csv.js';
import { importCsv, type ImportPhase } from '../../services/delivered-systems/import-csv.js';
import { ServiceError } from '../../services/errors.js';
import { withContext } from './foundation-commands.js';

/** The command line acts as the operator who runs it: an administrator of the installation. */
const OPERATOR: Actor = { userId: 'system', role: 'admin', organizationId: null };

export { IMPORT_KINDS };

function checkKind(kind: string): ImportKind {
  if (!(IMPORT_KINDS as readonly string[]).includes(kind)) throw new ServiceError('invalid', 'errors.importKindUnknown', { kind }, 'kind');
  return kind as ImportKind;
}

/** A progress bar on the terminal (stderr, so stdout stays the report); silent when stderr is not a terminal. */
function progressBar(): { update: (phase: ImportPhase, done: number, total: number) => void; stop: () => void } {
  const bar = new SingleBar(
    { format: '{phase} [{bar}] {percentage}% | {value}/{total} rows', hideCursor: true, stream: process.stderr },
    Presets.shades_classic,
  );
  let phase: ImportPhase | null = null;
  return {
    update(next, done, total) {
      if (next !== phase) {
        if (phase !== null) bar.stop();
        phase = next;
        bar.start(total, done, { phase: next.padEnd(8) });
      } else {
        bar.update(done);
      }
    },
    stop: () => {
      if (phase !== null) bar.stop();
    },
  };
}

/** `casedesk import <kind> <file.csv> [--dry-run]` */
export async function importCommand(kindName: string, file: string, options: { dryRun?: boolean }): Promise<void> {
  const kind = checkKind(kindName);
  const content = await fs.promises.readFile(file);
  const bar = progressBar();
  const started = Date.now();
  const report = await withContext((context) =>
    importCsv(context, OPERATOR, kind, content, { dryRun: options.dryRun ?? false, onProgress: bar.update }),
  ).finally(bar.stop);
  const seconds = (Date.now() - started) / 1000;
  if (report.problems.length > 0) {
    for (const problem of report.problems) {
      console.error(
        `${file}:${problem.line}${problem.column ? ` column ${problem.column}` : ''}: ${translate('en', problem.messageKey, problem.params)}`,
      );
    }
    throw new ServiceError('invalid', 'errors.importRejected', { count: report.problems.length });
  }
  if (report.dryRun) {
    console.log(`dry run: ${report.rows} ${kind} rows are fine; nothing was stored (run again without --dry-run to import)`);
  } else {
    const vendors = report.vendorsCreated > 0 ? ` and ${report.vendorsCreated} new vendors` : '';
    console.log(`imported ${report.created} ${kind}${vendors} in ${seconds.toFixed(1)} s`);
  }
}

/** `casedesk export <kind> [file.csv]`: to the file, or to standard output. */
export async function exportCommand(kindName: string, file: string | undefined, options: { organization?: string }): Promise<void> {
  const kind = checkKind(kindName);
  await withContext(async (context) => {
    const out: NodeJS.WritableStream = file ? fs.createWriteStream(file) : process.stdout;
    for await (const chunk of exportCsv(context, OPERATOR, kind, options.organization ? { organizationId: options.organization } : {})) {
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    }
    if (file) {
      const stream = out as fs.WriteStream;
      await new Promise<void>((resolve, reject) => {
        stream.once('error', reject);
        stream.end(() => resolve());
      });
      console.log(`exported ${kind} to ${file}`);
    }
  });
}
