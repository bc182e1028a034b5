/**
 * The one door to the CaseDesk HTTP API. The session cookie travels by itself; writes echo the CSRF token the
 * server gave at sign-in (or in GET /sessions/current), and every error arrives as RFC 9457 problem+json.
 */

export interface FieldProblem {
  field: string;
  in?: string;
  message: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  field?: string;
  errors?: FieldProblem[];
  allowed?: unknown;
  /** A refused CSV import: every bad row of the file (nothing was stored). */
  importErrors?: ImportProblem[];
  /** The data rows of a refused CSV file. */
  rows?: number;
}

/** One bad row (or header) of a CSV file: the line as an editor shows it, the column by its header, and why. */
export interface ImportProblem {
  line: number;
  column: string | null;
  reason: string;
}

export class ApiProblem extends Error {
  readonly status: number;
  readonly type: string;
  readonly detail: string;
  readonly fieldErrors: FieldProblem[];
  readonly importErrors: ImportProblem[];
  readonly importRows: number | null;

  constructor(body: ProblemBody) {
    super(body.detail ?? body.title);
    this.status = body.status;
    this.type = body.type;
    this.detail = body.detail ?? body.title;
    const listed = body.errors ?? [];
    this.fieldErrors = listed.length > 0 ? listed : body.field ? [{ field: body.field, message: this.detail }] : [];
    this.importErrors = body.importErrors ?? [];
    this.importRows = body.rows ?? null;
  }

  /** A field failed the request schema (the server words its message in the user's language, like service errors). */
  get isSchemaValidation(): boolean {
    return this.type.endsWith(':validation');
  }
}

/** The network failed or the answer was not JSON: shown as a general error, never as a field error. */
export class NetworkProblem extends Error {}

let csrfToken: string | null = null;
let language = 'en';
let onUnauthenticated: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function setApiLanguage(next: string): void {
  language = next;
}

/** The language requests ask for (for downloads made outside `apiRequest`). */
export function apiLanguage(): string {
  return language;
}

/** Called when a request made while signed in comes back 401 (the session expired or was revoked elsewhere). */
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** How long an early answer waits for the code that asked for it; after that it is dropped as stale. */
const PREFETCH_KEPT_MS = 10_000;
/** Shared through the page: the boot script (a separate copy of this module, inlined in index.html) fills it. */
const prefetched: Map<string, Promise<Response>> = ((
  globalThis as { casedeskPrefetched?: Map<string, Promise<Response>> }
).casedeskPrefetched ??= new Map());

/**
 * Starts a GET before the code that needs it has even loaded (see web/boot.ts): the first `api.get` of the same path
 * takes this answer instead of asking again, so the request overlaps with loading the scripts.
 */
export function prefetch(path: string): void {
  if (prefetched.has(path)) return;
  const response = fetch(path, { headers: { accept: 'application/json', 'accept-language': language }, credentials: 'same-origin' });
  // A failure reaches whoever takes the answer; unclaimed, it is simply dropped.
  response.catch(() => undefined);
  prefetched.set(path, response);
  setTimeout(() => {
    if (prefetched.get(path) === response) prefetched.delete(path);
  }, PREFETCH_KEPT_MS);
}

/** The signed-in session: asked first by the boot script, read by the language set-up and the session provider. */
export const CURRENT_SESSION_PATH = '/api/v1/sessions/current';

/**
 * A copy of an early answer still in flight, leaving the answer itself to the `api.get` that takes it (the copy is
 * made as the answer arrives, before that caller can have read it).
 */
export function peekPrefetched(path: string): Promise<Response> | undefined {
  return prefetched.get(path)?.then((response) => response.clone());
}

function takePrefetched(path: string): Promise<Response> | undefined {
  const response = prefetched.get(path);
  prefetched.delete(path);
  return response;
}

export async function apiRequest<T>(
  method: Method,
  path: string,
  body?: unknown,
  options: {
    signal?: AbortSignal;
    headers?: Record<string, string>;
    /** false: a 401 is this caller's to handle (a wallboard has no session to end). */
    endsSessionOn401?: boolean;
  } = {},
): Promise<T> {
  const headers: Record<string, string> = { ...options.headers, accept: 'application/json', 'accept-language': language };
  // A form with a file sets its own multipart type and boundary.
  const form = body instanceof FormData ? body : undefined;
  if (body !== undefined && !form) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  // A write (signing in or out above all) may change what an early answer would say: those not taken yet are dropped.
  if (method !== 'GET') prefetched.clear();
  let response: Response;
  try {
    const early = method === 'GET' ? takePrefetched(path) : undefined;
    response = await (early ??
      fetch(path, {
        method,
        headers,
        credentials: 'same-origin',
        ...(body !== undefined ? { body: form ?? JSON.stringify(body) } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      }));
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new NetworkProblem(error instanceof Error ? error.message : String(error));
  }
  if (response.status === 204) return undefined as T;
  return answerOf<T>(path, response.status, await response.text(), options.endsSessionOn401 ?? true);
}

/** The JSON of an answer, or the problem it reports (a 401 while signed in also ends the session). */
function answerOf<T>(path: string, status: number, text: string, endsSessionOn401 = true): T {
  let parsed: unknown = null;
  try {
    parsed = text.length > 0 ? JSON.parse(text) : null;
  } catch {
    throw new NetworkProblem(`HTTP ${status}`);
  }
  if (status < 200 || status >= 300) {
    const problem = new ApiProblem(isProblem(parsed) ? parsed : { type: 'about:blank', title: `HTTP ${status}`, status });
    if (problem.status === 401 && endsSessionOn401 && onUnauthenticated && !path.startsWith('/api/v1/sessions')) onUnauthenticated();
    throw problem;
  }
  return parsed as T;
}

/**
 * Asks for a list or report as CSV (`Accept: text/csv`, the same path and filters as its JSON) and saves it under
 * the name the server gives. A refusal comes back as the problem it is, like any other request's.
 */
export async function downloadCsv(path: string, fallbackName: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { accept: 'text/csv', 'accept-language': language }, credentials: 'same-origin' });
  } catch (error) {
    throw new NetworkProblem(error instanceof Error ? error.message : String(error));
  }
  if (!response.ok) answerOf(path, response.status, await response.text());
  const fileName = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * POSTs a file as it is (a CSV import) and reports how much of it has gone up: fetch cannot tell upload progress,
 * XMLHttpRequest can. Same headers, CSRF token and problems as the other writes.
 */
export function uploadFile<T>(
  path: string,
  file: Blob,
  contentType: string,
  onProgress: (sent: number, total: number) => void,
): Promise<T> {
  prefetched.clear();
  return new Promise<T>((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', path);
    request.withCredentials = true;
    request.setRequestHeader('accept', 'application/json');
    request.setRequestHeader('accept-language', language);
    request.setRequestHeader('content-type', contentType);
    if (csrfToken) request.setRequestHeader('x-csrf-token', csrfToken);
    request.upload.onprogress = (event) => onProgress(event.loaded, event.lengthComputable ? event.total : file.size);
    request.upload.onload = () => onProgress(file.size, file.size);
    request.onerror = () => reject(new NetworkProblem('upload failed'));
    request.onload = () => {
      try {
        resolve(answerOf<T>(path, request.status, request.responseText));
      } catch (error) {
        reject(error instanceof Error ? error : new NetworkProblem(String(error)));
      }
    };
    request.send(file);
  });
}

function isProblem(value: unknown): value is ProblemBody {
  return typeof value === 'object' && value !== null && typeof (value as ProblemBody).status === 'number';
}

export const api = {
  get: <T>(path: string, options?: { signal?: AbortSignal; endsSessionOn401?: boolean }) => apiRequest<T>('GET', path, undefined, options),
  post: <T>(path: string, body?: unknown, options?: { headers?: Record<string, string> }) =>
    apiRequest<T>('POST', path, body ?? {}, options),
  put: <T>(path: string, body: unknown) => apiRequest<T>('PUT', path, body),
  patch: <T>(path: string, body: unknown) => apiRequest<T>('PATCH', path, body),
  delete: <T>(path: string) => apiRequest<T>('DELETE', path),
  /** Sends one file as multipart/form-data in the field the API names `file`. */
  upload: <T>(path: string, file: File) => {
    const form = new FormData();
    form.append('file', file);
    return apiRequest<T>('POST', path, form);
  },
};

/** Builds `path?a=1&b=2`, leaving out empty values and repeating arrays (`status=new&status=assigned`). */
export function withQuery(
  path: string,
  query: Record<string, string | number | boolean | readonly string[] | readonly number[] | null | undefined>,
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const item of value) params.append(key, String(item));
    else params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}
