import type { ServiceErrorKind } from '../services/errors.js';

/** The HTTP status each kind of service error answers, in a problem or in a bulk change's per-case result. */
export const STATUS_OF: Record<ServiceErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  unprocessable: 422,
  'rate-limited': 429,
  unavailable: 503,
};
