// What an instructor does to a class's training run and candidates without running the classifier:
// cancel a run (only the instructor who started it), discard a candidate. Plain database writes, so
// they work the same with CLASSIFIER_URL; the process holding the run sees the cancel at its next
// heartbeat, wherever it runs. Roles are checked here as well as by the command's precondition.
import type { RosterRepository } from '../../core/ports.ts';
import { requireInstructor } from '../../core/roster/roles.ts';
import { userText } from '../../core/display-text.ts';
import { userError } from '../../core/errors.ts';
import type { RegistryStore, TrainingJobStore } from '../ports.ts';
import type { Reviewer } from './correction-review.ts';

export type CancelResult = { outcome: 'requested' } | { outcome: 'finished'; state: string };

export class TrainingControl {
  constructor(
    private readonly jobs: TrainingJobStore,
    private readonly registry: RegistryStore,
    private readonly roster: RosterRepository,
  ) {}

  async cancel(who: Reviewer, jobId: number): Promise<CancelResult> {
    await requireInstructor(this.roster, who);
    const job = Number.isSafeInteger(jobId) && jobId > 0 ? await this.jobs.byId(jobId) : undefined;
    if (!job || job.classroomId !== who.classroomId) {
      throw userError('job-not-found', '그 학습을 찾을 수 없어요.', 'That training run could not be found.');
    }
    if (job.requestedByMemberId !== who.memberId) {
      throw userError(
        'not-your-training',
        `이 학습은 ${userText(job.requestedBy)} 님이 시작했어요. 시작한 강사만 취소할 수 있어요.`,
        `${userText(job.requestedBy)} started this training run; only the instructor who started it can cancel it.`,
      );
    }
    if (job.state !== 'queued' && job.state !== 'running') return { outcome: 'finished', state: job.state };
    if (!(await this.jobs.requestCancel(job.id))) return { outcome: 'finished', state: (await this.jobs.byId(job.id))?.state ?? job.state };
    // Nobody holds a queued job: close it now rather than wait for a process to pick it up.
    if (job.owner === null) await this.jobs.cancelled(job.id, null);
    return { outcome: 'requested' };
  }

  /** Sets a candidate of the class aside. Its own active head, or another class's version, can't be. */
  async discard(who: Reviewer, version: number): Promise<void> {
    await requireInstructor(this.roster, who);
    if (!(await this.registry.discard(version, who.classroomId))) {
      throw userError(
        'cannot-discard',
        `v${version}은 이 반의 후보가 아니에요 (지금 활성이거나 다른 반 것이에요).`,
        `v${version} is not one of this class's candidates (it is active, or another class's).`,
      );
    }
  }
}
