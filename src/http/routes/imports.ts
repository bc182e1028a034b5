import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServiceContext } from '../../services/context.js';
import { ServiceError } from '../../services/errors.js';
import { IMPORT_KINDS } from '../../services/delivered-systems/csv-columns.js';
import { csvTemplate } from '../../services/delivered-systems/csv-template.js';
import { exportCsv } from '../../services/delivered-systems/export-csv.js';
import { importCsv } from '../../services/delivered-systems/import-csv.js';
import { importReportView, presentImportReport } from '../presenters/delivered-systems.js';
import { commonErrors, idSchema, languageSchema } from '../schemas/common.js';

/** 100 000 products are about 10 MB of CSV; leave room for long notes. */
const MAX_CSV_BYTES = 64 * 1024 * 1024;

export function importRoutes(app: FastifyInstance, context: ServiceContext): void {
  // The CSV body parser lives only in this scope, so no other route accepts text/csv.
  void app.register(async (scoped) => {
    scoped.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string', bodyLimit: MAX_CSV_BYTES }, (_request, body, done) =>
      done(null, body),
    );
    scoped.withTypeProvider<ZodTypeProvider>().post(
      '/api/v1/imports/:kind',
      {
        config: { access: 'imports.run' },
        bodyLimit: MAX_CSV_BYTES,
        schema: {
          tags: ['imports'],
          description:
            'Imports a CSV file (Content-Type text/csv) of organizations, contacts, projects, products or contracts (these only for callers who may manage contracts), all or nothing. 201 with the report when stored; ' +
            '200 for a clean dry run; 400 problem+json with `importErrors` (line, column, reason) when any row is bad — then nothing is stored.',
          consumes: ['text/csv'],
          params: z.object({ kind: z.enum(IMPORT_KINDS) }),
          querystring: z.object({ dryRun: z.enum(['true', 'false']).optional() }),
          body: z.string().max(MAX_CSV_BYTES),
          response: { 200: importReportView, 201: importReportView, ...commonErrors },
        },
      },
      async (request, reply) => {
        const dryRun = request.query.dryRun === 'true';
        const report = presentImportReport(
          await importCsv(context, request.actor!, request.params.kind, request.body, { dryRun }),
          request.language,
        );
        if (report.importErrors.length > 0) {
          const { importErrors, rows, kind } = report;
          throw new ServiceError('invalid', 'errors.importRejected', { count: importErrors.length }, 'file', {
            importErrors,
            rows,
            kind,
            dryRun,
          });
        }
        return reply.code(dryRun ? 200 : 201).send(report);
      },
    );
  });

  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/imports/:kind/template',
    {
      config: { access: 'imports.run' },
      schema: {
        tags: ['imports'],
        description:
          'A CSV file to start an import from: the header row the import reads (the same column names in every language) and one ' +
          "example row in `language` (default: the caller's language).",
        params: z.object({ kind: z.enum(IMPORT_KINDS) }),
        querystring: z.object({ language: languageSchema.optional() }),
        produces: ['text/csv'],
      },
    },
    async (request, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="casedesk-${request.params.kind}-template.csv"`)
        .send(csvTemplate(request.params.kind, request.query.language ?? request.language)),
  );

  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/exports/:kind',
    {
      config: { access: 'exports.run' },
      schema: {
        tags: ['imports'],
        description: 'The same data as CSV, in the columns the import reads.',
        params: z.object({ kind: z.enum(IMPORT_KINDS) }),
        querystring: z.object({ organizationId: idSchema.optional() }),
        produces: ['text/csv'],
      },
    },
    async (request, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="casedesk-${request.params.kind}.csv"`)
        .send(
          Readable.from(
            exportCsv(
              context,
              request.actor!,
              request.params.kind,
              request.query.organizationId ? { organizationId: request.query.organizationId } : {},
            ),
          ),
        ),
  );
}
