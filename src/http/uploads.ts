import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { translate } from '../i18n/translate.js';
import { sizeInWords } from '../services/attachments/stored-files.js';
import { invalid, ServiceError } from '../services/errors.js';
import { sendProblem } from './plugins/problem-details.js';

/** An uploaded file, whole. */
export interface UploadedFile {
  fileName: string;
  content: Buffer;
}

/**
 * The one file of an upload, whole, or `too-large`, however it was sent: with a Content-Length the body limit refuses
 * it before it arrives; sent chunked, the multipart parser cuts the file at the limit and marks it truncated, which
 * must be checked after reading (a cut that falls on a chunk boundary raises no error). A form the parser cannot
 * read is the sender's fault, a 400.
 */
export async function uploadedFile(request: FastifyRequest): Promise<UploadedFile | 'too-large'> {
  if (!request.isMultipart()) throw invalid('errors.attachmentMissing', 'file');
  try {
    const file = await request.file();
    if (!file || file.fieldname !== 'file') throw invalid('errors.attachmentMissing', 'file');
    const content = await file.toBuffer();
    if (file.file.truncated) return 'too-large';
    return { fileName: file.filename, content };
  } catch (error) {
    if (error instanceof request.server.multipartErrors.RequestFileTooLargeError) return 'too-large';
    const status = (error as { statusCode?: unknown }).statusCode;
    if (error instanceof ServiceError || (typeof status === 'number' && status < 500)) throw error;
    throw invalid('errors.attachmentUnreadable', 'file');
  }
}

/** 413 problem+json naming the `file` field and the limit, in the caller's language. */
export function sendTooLarge(reply: FastifyReply, request: FastifyRequest, maxBytes: number): FastifyReply {
  const detail = translate(request.language, 'errors.attachmentTooLarge', { max: sizeInWords(maxBytes) });
  return sendProblem(reply, request, 413, 'payload-too-large', detail, {
    field: 'file',
    errors: [{ field: 'file', in: 'body', message: detail }],
  });
}

/** Multipart only where files are uploaded, so no other route accepts it: one file of at most `maxBytes`. */
export async function acceptUploads(scoped: FastifyInstance, maxBytes: number): Promise<void> {
  await scoped.register(multipart, { limits: { fileSize: maxBytes, files: 1, fields: 5, parts: 6 } });
}

/** The body limit of an upload route: the file and room for the form around it. */
export const uploadBodyLimit = (maxBytes: number): number => maxBytes + 64 * 1024;

/**
 * Sends a stored file: as the type decided from its bytes on upload, which the browser must not second-guess into
 * something runnable (`nosniff`, a sandboxing CSP); downloaded (`attachment`), or shown in the page (`inline`) where
 * the caller allows it (raster images).
 */
export function sendStoredFile(
  reply: FastifyReply,
  file: { fileName: string; contentType: string; content: Buffer },
  disposition: 'attachment' | 'inline' = 'attachment',
): FastifyReply {
  return reply
    .type(file.contentType)
    .header('content-disposition', `${disposition}; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .send(file.content);
}
