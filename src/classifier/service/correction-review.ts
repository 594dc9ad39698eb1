// The review queue as a service with plain data in and out, for /model corrections in chat and for
// the instructor dashboard: a class's instructors list pending corrections and approve or reject
// them. Roles are checked here too, against the member's recorded role, whatever the caller says.
import type { RosterRepository } from '../../core/ports.ts';
import { requireInstructor } from '../../core/roster/roles.ts';
import { userError } from '../../core/errors.ts';
import type { CorrectionStore, Decision, DecisionResult } from '../ports.ts';
import type { LabelProbability } from '../types.ts';

/** Who is asking, as the classroom resolved them. */
export interface Reviewer {
  memberId: number;
  classroomId: number;
  displayName: string;
}

export interface CorrectionItem {
  id: number;
  predictionId: number | null;
  imageSha256: string;
  /** What the member says the photo is. */
  label: string;
  /** The member's display name (member text: show it through userText); null once they erased their data. */
  memberName: string | null;
  /** The model's answer (best first) and the version that gave it. */
  predicted: LabelProbability[];
  modelVersion: number | null;
  /** A small JPEG of the photo; null when the photo had left memory before the correction came. */
  thumbnail: Uint8Array | null;
  createdAt: string;
}

export interface CorrectionQueue {
  /** Pending corrections of the class in all (the page shows the oldest `items`). */
  total: number;
  items: CorrectionItem[];
}

export type { Decision, DecisionResult };

export class CorrectionReviewService {
  constructor(
    private readonly corrections: CorrectionStore,
    private readonly roster: RosterRepository,
  ) {}

  /** The class's oldest pending corrections (at most `limit`). Instructors only. */
  async pending(who: Reviewer, limit = 5): Promise<CorrectionQueue> {
    await requireInstructor(this.roster, who);
    const { total, items } = await this.corrections.pending(who.classroomId, Math.min(Math.max(limit, 1), 25));
    return { total, items: items.map((item) => ({ ...item, createdAt: item.createdAt.toISOString() })) };
  }

  /**
   * Approves or rejects one pending correction of the class. Exactly one decision is recorded however
   * many clicks race: the rest get `already` with the decision and who made it.
   */
  async decide(who: Reviewer, correctionId: number, decision: Decision): Promise<DecisionResult> {
    await requireInstructor(this.roster, who);
    if (!Number.isSafeInteger(correctionId) || correctionId <= 0) {
      throw userError('correction-not-found', '그 정정을 찾을 수 없어요.', 'That correction could not be found.');
    }
    return this.corrections.decide(correctionId, who.classroomId, decision, who.displayName);
  }
}
