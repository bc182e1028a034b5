import { isUniqueViolation } from '../storage/db.js';

/**
 * Errors a service raises when a request cannot be carried out. Each names what went wrong in words the user can
 * act on; the HTTP layer turns them into problem+json, the CLI into a message. `messageKey` and `params` select the
 * translated text; `field` names the input at fault.
 */
export type ServiceErrorKind =
  'invalid' | 'unauthenticated' | 'forbidden' | 'not-found' | 'conflict' | 'unprocessable' | 'rate-limited' | 'unavailable';

export class ServiceError extends Error {
  constructor(
    readonly kind: ServiceErrorKind,
    readonly messageKey: string,
    readonly params: Record<string, string | number> = {},
    readonly field?: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(`${messageKey} ${JSON.stringify(params)}`);
    this.name = 'ServiceError';
  }
}

export const invalid = (
  messageKey: string,
  field?: string,
  params: Record<string, string | number> = {},
  extra: Record<string, unknown> = {},
) => new ServiceError('invalid', messageKey, params, field, extra);
export const notFound = (entity: string, id: string) => new ServiceError('not-found', 'errors.notFound', { entity, id });
export const forbidden = () => new ServiceError('forbidden', 'errors.forbidden');
export const conflict = (
  messageKey: string,
  params: Record<string, string | number> = {},
  field?: string,
  extra: Record<string, unknown> = {},
) => new ServiceError('conflict', messageKey, params, field, extra);
/** Well-formed, but cannot be carried out as sent (422). */
export const unprocessable = (messageKey: string, params: Record<string, string | number> = {}, field?: string) =>
  new ServiceError('unprocessable', messageKey, params, field);
export const unauthenticated = (messageKey = 'errors.unauthenticated') => new ServiceError('unauthenticated', messageKey);

/**
 * Waits for a write that a unique index guards (a name, number, code or e-mail address that may be taken only once):
 * breaking the index is the conflict `taken` gives, which names the field; any other error goes on as it was.
 */
export async function conflictIfTaken<T>(write: Promise<T>, taken: () => ServiceError): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (isUniqueViolation(error)) throw taken();
    throw error;
  }
}
