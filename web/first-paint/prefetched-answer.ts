import { peekPrefetched } from '../api/client';

/**
 * A copy of the body of an answer the boot script asked for early (the application takes the original), or null
 * when it failed, was refused or is not JSON: the boot script's early work then simply does not happen.
 */
export async function prefetchedAnswer<T>(path: string): Promise<T | null> {
  try {
    const response = await peekPrefetched(path);
    return response?.ok ? ((await response.json()) as T) : null;
  } catch {
    return null;
  }
}
