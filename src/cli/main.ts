#!/usr/bin/env node
import { Argument, Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { z } from 'zod';
import { ConfigError } from '../config.js';
import { ROLES, LANGUAGES } from '../domain/access/roles.js';
import { ServiceError } from '../services/errors.js';
import { SchemaNewerThanCodeError } from '../storage/migrate.js';
import { translate } from '../i18n/translate.js';
import { backupCommand, restoreCommand, verifyBackupCommand } from './commands/backup-commands.js';
import { demoCommand } from './commands/demo-command.js';
import {
  migrateCommand,
  serveCommand,
  tokenCreateCommand,
  userCreateCommand,
  userResetPasswordCommand,
} from './commands/foundation-commands.js';
import { exportCommand, importCommand, IMPORT_KINDS } from './commands/import-commands.js';

/**
 * The services trust their callers to have validated the shape of e-mails and names (the HTTP door does it with
 * zod), so the command line checks the same way before anything reaches the database.
 */
function checkedBy(schema: z.ZodType<string>): (value: string) => string {
  return (value) => {
    const result = schema.safeParse(value);
    if (!result.success) throw new InvalidArgumentError(result.error.issues[0]?.message ?? 'is not valid');
    return result.data;
  };
}

const email = checkedBy(z.string().trim().max(254).email('must be an e-mail address'));
const name = checkedBy(z.string().trim().min(1, 'must not be empty').max(200));

/** `npx casedesk …`: the same services as the HTTP API, with the same environment (SQLite or PostgreSQL). */
export function buildProgram(): Command {
  const program = new Command()
    .name('casedesk')
    .description('CaseDesk — customer service for IT system integrators')
    .showHelpAfterError()
    .exitOverride();

  program.command('serve').description('start the API and web app (migrates the database first)').action(serveCommand);
  program
    .command('migrate')
    .description('bring the database schema up to date and exit')
    .option('--dry-run', 'list the migrations that would run, in order, and change nothing')
    .action(migrateCommand);

  const user = program.command('user').description('manage users');
  user
    .command('create')
    .description('create a user (the first admin, for instance)')
    .requiredOption('--email <email>', 'sign-in e-mail', email)
    .requiredOption('--name <name>', 'display name', name)
    .addOption(new Option('--role <role>', 'role').choices(ROLES).makeOptionMandatory())
    .option('--password <password>', 'password (at least 10 characters); without it the user signs in with API tokens only')
    .option('--organization <id>', 'organisation id (customer users only)')
    .addOption(new Option('--language <language>', 'language for the UI and e-mails').choices(LANGUAGES).default('en'))
    .action(userCreateCommand);

  user
    .command('reset-password')
    .description('make a single-use link (valid 1 hour) that sets a new password; prints the link alone on the last line')
    .requiredOption('--email <email>', 'e-mail of the user', email)
    .option('--mail', 'also queue the link to the user by e-mail, in their language')
    .action(userResetPasswordCommand);

  const token = program.command('token').description('manage API tokens');
  token
    .command('create')
    .description('create an API token for a user; prints the token alone on the last line')
    .requiredOption('--email <email>', 'e-mail of the user')
    .option('--name <name>', 'what the token is for', 'cli')
    .action(tokenCreateCommand);

  program
    .command('demo')
    .description('load a demo company (people, customers, products, contracts, ~50 cases) into an empty database')
    .action(demoCommand);

  program
    .command('import')
    .description(
      'import organizations, contacts, projects, products or contracts from a CSV file, all or nothing (any bad row: nothing is stored)',
    )
    .addArgument(new Argument('<kind>', 'what the file holds').choices(IMPORT_KINDS))
    .argument('<file>', 'the CSV file (UTF-8, header row first)')
    .option('--dry-run', 'check every row and report, store nothing')
    .action(importCommand);

  program
    .command('export')
    .description('export organizations, contacts, projects, products or contracts as CSV (the columns import reads)')
    .addArgument(new Argument('<kind>', 'what to export').choices(IMPORT_KINDS))
    .argument('[file]', 'the CSV file to write; standard output without it')
    .option('--organization <id>', 'only this organisation')
    .action(exportCommand);

  program
    .command('backup')
    .description(
      'write a consistent backup (database, uploaded files, manifest.json) into a new or empty folder while CaseDesk keeps serving',
    )
    .requiredOption('--to <dir>', 'the folder to write the backup into')
    .action(backupCommand);

  program
    .command('restore')
    .description('restore a backup into the configured, empty database and data folder, then migrate it to this version')
    .requiredOption('--from <dir>', 'the backup folder')
    .option('--force', 'replace the CaseDesk data already in the database and data folder')
    .action(restoreCommand);

  program
    .command('verify-backup')
    .description("check a backup's checksums, restore it into a scratch place and compare its row counts with the manifest")
    .argument('<dir>', 'the backup folder')
    .action(verifyBackupCommand);

  return program;
}

/** Its own exit code, so a service manager can be told not to restart into the same refusal (RestartPreventExitStatus). */
export const SCHEMA_NEWER_EXIT_CODE = 3;

export async function runCli(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 2;
    }
    if (error instanceof SchemaNewerThanCodeError) {
      console.error(`error: ${error.message}`);
      return SCHEMA_NEWER_EXIT_CODE;
    }
    if (error instanceof ServiceError) {
      console.error(`error: ${translate('en', error.messageKey, error.params)}${error.field ? ` (${error.field})` : ''}`);
      return 1;
    }
    console.error(error instanceof Error ? error.message : error);
    return 1;
  }
}

const invokedDirectly = process.argv[1] !== undefined && /(cli[\\/]main\.(js|ts)|casedesk(\.js)?)$/.test(process.argv[1]);
if (invokedDirectly) {
  const code = await runCli(process.argv.slice(2));
  // `serve` keeps running; every other command ends here.
  if (code !== 0 || !['serve'].includes(process.argv[2] ?? '')) process.exitCode = code;
}
