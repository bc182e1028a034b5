/** A snippet of a search answer: plain text, with the matched words as UTF-16 ranges. */
export interface Snippet {
  field: string;
  text: string;
  highlights: { start: number; end: number }[];
}

/** A case of the `cases` group of `GET /api/v1/search`. */
export interface FoundCase {
  id: string;
  number: string;
  title: string;
  status: string;
  snippets: Snippet[];
}

export interface SearchBody {
  terms: string[];
  groups: { kind: string; items: FoundCase[]; hasMore: boolean }[];
}
