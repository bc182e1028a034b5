/** An engineer's on-site visits and the rule that one engineer cannot be at two sites at once. */
export const VISIT_STATUSES = ['scheduled', 'on-site', 'done', 'cancelled'] as const;
export type VisitStatus = (typeof VISIT_STATUSES)[number];

export interface TimeWindow {
  startsAt: string;
  endsAt: string;
}

/** Half-open windows [start, end): a visit ending at 10:00 does not clash with one starting at 10:00. */
export function windowsOverlap(a: TimeWindow, b: TimeWindow): boolean {
  return Date.parse(a.startsAt) < Date.parse(b.endsAt) && Date.parse(b.startsAt) < Date.parse(a.endsAt);
}

/** A cancelled visit frees the engineer; a done one still happened there and then. */
export function blocksCalendar(status: VisitStatus): boolean {
  return status !== 'cancelled';
}

export function conflictsWith<T extends TimeWindow & { id: string; status: VisitStatus }>(
  candidate: TimeWindow & { id?: string },
  others: T[],
): T[] {
  return others.filter((other) => other.id !== candidate.id && blocksCalendar(other.status) && windowsOverlap(candidate, other));
}

/** Marks each visit of one engineer's calendar with the ids of the visits it clashes with. */
export function markConflicts<T extends TimeWindow & { id: string; status: VisitStatus }>(
  visits: T[],
): (T & { conflictsWith: string[] })[] {
  return visits.map((visit) => ({
    ...visit,
    conflictsWith: blocksCalendar(visit.status) ? conflictsWith(visit, visits).map((other) => other.id) : [],
  }));
}

/** What may happen next to a visit: arrive once, depart after arriving, cancel only before arriving. */
export function canArrive(status: VisitStatus): boolean {
  return status === 'scheduled';
}
export function canDepart(status: VisitStatus): boolean {
  return status === 'on-site';
}
export function canCancel(status: VisitStatus): boolean {
  return status === 'scheduled';
}
