import type { Actor } from '../../domain/access/permissions.js';
import { mayErasePersonalData } from '../../domain/access/policies/personal-data.js';
import { personalTextScrubber, type PersonalTextScrubber } from '../../domain/people/personal-texts.js';
import { confirmsName, placeholderAddressOf, placeholderEmailFor, pseudonymFor } from '../../domain/people/pseudonyms.js';
import type { Executor } from '../../storage/db.js';
import {
  casesOfSubject,
  dropMailToSubject,
  eraseContactRow,
  eraseOriginsOf,
  eraseUserRow,
  inboundMailNaming,
  inboundMailSource,
  personalValuesOf,
  replaceInboundMailSource,
  scrubPersonalTexts,
  touchCases,
  whileErasing,
} from '../../storage/repositories/personal-data.js';
import { recordChange } from '../audit.js';
import { newId, nowIso, type ServiceContext } from '../context.js';
import { unprocessable } from '../errors.js';
import { loadDataSubject, type LoadedSubject, type SubjectReference } from './data-subject.js';

export interface ErasureResult {
  pseudonym: string;
  cases: number;
  droppedMails: number;
  /** Stored mails whose source was rebuilt without the person. */
  rebuiltMails: number;
}

/**
 * Pseudonymises one person (SPEC: personal data): their contact record and customer accounts keep their ids, so cases
 * and the service history stay whole, but the name becomes a stable pseudonym and the ways to reach them are cleared;
 * every occurrence of their name, address and numbers in the texts of their cases (descriptions, timeline, mail,
 * search rows, confirmations, surveys, audit entries) is replaced, however it is written (case, spacing, phone
 * formats: domain/people/personal-texts.ts); the network addresses and browsers recorded when they confirmed a
 * service record or answered a survey are cleared, and so is the client address of the audit entries they made (the
 * entries stay: who did what is kept, not where they were); unsent mail to them is dropped; their accounts are
 * disabled with sessions and tokens ended. The stored source of every mail that names them, decoded (an encoded header,
 * a base64 body), is rebuilt without them (mail/erased-mail-source.ts). One transaction; the audit entry names only
 * the pseudonym.
 */
export async function erasePersonalData(
  context: ServiceContext,
  actor: Actor,
  reference: SubjectReference,
  confirmation: { confirmName: string },
): Promise<ErasureResult> {
  return context.storage.transaction(async (trx) => {
    const loaded = await loadDataSubject(trx, actor, reference, mayErasePersonalData);
    if (!confirmsName(confirmation.confirmName, loaded.name)) {
      throw unprocessable('personalData.errors.confirmName', {}, 'confirmName');
    }
    return erase(trx, context, actor, loaded);
  });
}

/** Also used by the retention job (the actor is then null: the rule did it). */
export async function erase(
  trx: Executor,
  context: ServiceContext,
  actor: Pick<Actor, 'userId' | 'clientAddress'> | null,
  loaded: LoadedSubject,
): Promise<ErasureResult> {
  const at = nowIso(context);
  const { subject } = loaded;
  const contactPseudonym = subject.contactIds[0] ? pseudonymFor('contact', subject.contactIds[0]) : undefined;
  const pseudonym = contactPseudonym ?? pseudonymFor('user', subject.userIds[0]!);
  const values = await personalValuesOf(trx, subject);
  const { caseIds } = await casesOfSubject(trx, subject);
  const scrubber = personalTextScrubber(values, pseudonym);

  // Before the texts are scrubbed: the mails are found by what the scrubbing replaces.
  const mailIds = await inboundMailNaming(trx, caseIds, scrubber.anchors);
  const rebuiltMails = await rebuildMailSources(trx, mailIds, scrubber, placeholderAddressOf(pseudonym), at);
  const droppedMails = await dropMailToSubject(trx, subject);
  await whileErasing(trx, newId(), async () => {
    // Before the texts: the person's links and confirmations are found by the addresses the scrubbing replaces.
    await eraseOriginsOf(trx, subject);
    await scrubPersonalTexts(trx, [...caseIds, ...subject.contactIds, ...subject.userIds, ...loaded.organizationIds], scrubber);
  });
  for (const contactId of subject.contactIds) await eraseContactRow(trx, contactId, pseudonymFor('contact', contactId), at);
  for (const userId of subject.userIds) {
    await eraseUserRow(trx, userId, contactPseudonym ?? pseudonymFor('user', userId), placeholderEmailFor(userId), at);
  }
  await touchCases(trx, caseIds, at);
  await recordChange(trx, {
    at,
    actorUserId: actor?.userId ?? null,
    clientAddress: actor?.clientAddress ?? null,
    action: actor ? 'personal-data.erased' : 'personal-data.erased-by-retention',
    entityType: loaded.reference.kind,
    entityId: loaded.reference.id,
    after: { pseudonym, cases: caseIds.length, droppedMails, rebuiltMails },
  });
  return { pseudonym, cases: caseIds.length, droppedMails, rebuiltMails };
}

/** Rebuilds the source of each mail that names the person once decoded; the count of those rebuilt. */
async function rebuildMailSources(
  trx: Executor,
  mailIds: string[],
  scrubber: PersonalTextScrubber,
  placeholderAddress: string,
  at: string,
): Promise<number> {
  if (mailIds.length === 0 || scrubber.anchors.length === 0) return 0;
  // The mail parser loads only when a mail needs it.
  const { mailSourceWithout } = await import('../../mail/erased-mail-source.js');
  let rebuilt = 0;
  for (const id of mailIds) {
    const raw = await inboundMailSource(trx, id);
    if (raw === undefined) continue;
    const replaced = await mailSourceWithout(raw, scrubber, placeholderAddress);
    if (replaced === null) continue;
    await replaceInboundMailSource(trx, id, replaced, at);
    rebuilt++;
  }
  return rebuilt;
}
