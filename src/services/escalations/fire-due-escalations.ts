import { claimDueSteps } from '../../storage/repositories/escalations.js';
import type { ServiceContext } from '../context.js';
import { fireEscalationStep } from './fire-escalation-step.js';

/**
 * One scheduler tick: fire every step that has come due. Each batch is one transaction; on PostgreSQL the claimed
 * rows are locked with SKIP LOCKED, so several instances split the due steps between them and none fires twice.
 * The query reads the partial index on pending due times, so a tick costs what is due, not what is open.
 */
export async function fireDueEscalations(
  context: ServiceContext,
  options: { batchSize?: number; maxBatches?: number } = {},
): Promise<number> {
  const batchSize = options.batchSize ?? 100;
  const maxBatches = options.maxBatches ?? 50;
  let fired = 0;
  for (let batch = 0; batch < maxBatches; batch++) {
    const { claimed, firedNow } = await context.storage.transaction(async (trx) => {
      const steps = await claimDueSteps(trx, context.clock.now().toISOString(), batchSize);
      let count = 0;
      for (const step of steps) if (await fireEscalationStep(trx, context, step)) count++;
      return { claimed: steps.length, firedNow: count };
    });
    fired += firedNow;
    if (claimed < batchSize) break;
  }
  return fired;
}
