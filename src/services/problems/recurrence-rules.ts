import type { Actor } from '../../domain/access/permissions.js';
import { mayChangeRecurrenceRules, mayReadRecurrenceRules } from '../../domain/access/policies/problem-proposals.js';
import { effectiveRecurrenceRules, type RecurrenceRule, type RecurrenceRuleId } from '../../domain/problems/recurrence.js';
import type { Executor } from '../../storage/db.js';
import { listStoredRecurrenceRules, saveRecurrenceRule } from '../../storage/repositories/problem-proposals.js';
import { recordChangeBy } from '../audit.js';
import type { ServiceContext } from '../context.js';
import { forbidden } from '../errors.js';

/** The rules in force: what admins changed, the defaults otherwise. */
export async function recurrenceRulesIn(executor: Executor): Promise<RecurrenceRule[]> {
  return effectiveRecurrenceRules(await listStoredRecurrenceRules(executor));
}

export async function readRecurrenceRules(context: ServiceContext, actor: Actor): Promise<RecurrenceRule[]> {
  if (!mayReadRecurrenceRules(actor)) throw forbidden();
  return recurrenceRulesIn(context.storage.db);
}

export type RecurrenceRuleChange = { id: RecurrenceRuleId } & Partial<Omit<RecurrenceRule, 'id'>>;

/** An admin changes rules (each named by id, the fields given); the detection's next run applies them. */
export async function updateRecurrenceRules(
  context: ServiceContext,
  actor: Actor,
  changes: readonly RecurrenceRuleChange[],
): Promise<RecurrenceRule[]> {
  if (!mayChangeRecurrenceRules(actor)) throw forbidden();
  const at = context.clock.now().toISOString();
  return context.storage.transaction(async (trx) => {
    const rules = await recurrenceRulesIn(trx);
    for (const change of changes) {
      const before = rules.find((rule) => rule.id === change.id)!;
      const after: RecurrenceRule = {
        id: before.id,
        enabled: change.enabled ?? before.enabled,
        threshold: change.threshold ?? before.threshold,
        windowDays: change.windowDays ?? before.windowDays,
      };
      if (JSON.stringify(before) === JSON.stringify(after)) continue;
      await saveRecurrenceRule(trx, after, at, actor.userId);
      await recordChangeBy(trx, actor, at, 'recurrence-rule.changed', ['recurrence-rule', after.id], { before, after });
      rules.splice(rules.indexOf(before), 1, after);
    }
    return rules;
  });
}
