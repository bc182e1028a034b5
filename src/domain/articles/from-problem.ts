/** The headings of an article written from a problem, in the writer's language. */
export interface ProblemArticleHeadings {
  symptoms: string;
  rootCause: string;
  workaround: string;
}

/**
 * A known error written up as a knowledge article in one step: the problem's title, and a Markdown body with the
 * symptoms (the problem's description), the root cause and the workaround, each under its heading. A part the
 * problem does not have yet is left out rather than shown empty.
 */
export function articleFromProblem(
  problem: { title: string; description: string; rootCause: string | null; workaround: string | null },
  headings: ProblemArticleHeadings,
): { title: string; body: string } {
  const parts: [string, string | null][] = [
    [headings.symptoms, problem.description],
    [headings.rootCause, problem.rootCause],
    [headings.workaround, problem.workaround],
  ];
  const body = parts
    .filter(([, text]) => text !== null && text.trim() !== '')
    .map(([heading, text]) => `## ${heading}\n\n${text!.trim()}`)
    .join('\n\n');
  return { title: problem.title.trim(), body };
}
