/**
 * What can happen on a case, as far as its first response is concerned. Only an act that reaches the customer is a
 * response: a public reply, a service action (phone support, a remote session, an on-site visit booked or begun) or a
 * contact with the customer that staff log (a remote-access authorisation they took by phone). Moving the case along
 * (a status change, an assignment, a level change) or writing an internal note answers nobody.
 */
export const CASE_ACTS = [
  'public-reply',
  'internal-note',
  'service-action',
  'visit-scheduled',
  'visit-arrived',
  'customer-contact-logged',
  'status-change',
  'assignment',
  'level-change',
] as const;
export type CaseAct = (typeof CASE_ACTS)[number];

const RESPONSES: ReadonlySet<CaseAct> = new Set<CaseAct>([
  'public-reply',
  'service-action',
  'visit-scheduled',
  'visit-arrived',
  'customer-contact-logged',
]);

/**
 * Whether an act is a case's first response: one that reaches the customer, done by staff (a customer's own reply
 * answers nothing), on a case nobody has answered yet. The one rule every path that may answer a case asks.
 */
export function isFirstResponse(input: { act: CaseAct; byStaff: boolean; alreadyResponded: boolean }): boolean {
  return input.byStaff && !input.alreadyResponded && RESPONSES.has(input.act);
}
