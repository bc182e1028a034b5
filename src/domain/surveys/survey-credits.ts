/**
 * Who is credited with a service a survey asks about (SPEC §5: results per person). Everyone who did the work: the
 * case's assignee, the engineer of each on-site visit that was not called off, whoever gave phone or remote support,
 * and the trainer of a training. Booking a visit or logging the case is not the service.
 */
export interface ServiceActionFacts {
  type: 'phone' | 'remote' | 'onsite' | string;
  performedBy: string;
  engineerUserId: string | null;
  /** An on-site action whose visit was cancelled: nobody went. */
  cancelled: boolean;
}

export function creditedForCase(assigneeUserId: string | null, actions: readonly ServiceActionFacts[]): string[] {
  const people: string[] = [];
  const add = (userId: string | null) => {
    if (userId !== null && !people.includes(userId)) people.push(userId);
  };
  add(assigneeUserId);
  for (const action of actions) {
    if (action.cancelled) continue;
    add(action.type === 'onsite' ? action.engineerUserId : action.performedBy);
  }
  return people;
}
