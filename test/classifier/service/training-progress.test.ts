// What the instructor watches while /model train runs: the embedding count, then the epoch, and
// for the fold ensemble which of its heads is training and why there are several.
import { describe, expect, it } from 'vitest';
import { trainingProgressReply } from '../../../src/classifier/service/model-replies.ts';
import type { Reply } from '../../../src/core/reply.ts';

const progressLabel = (reply: Reply) => reply.blocks.flatMap((b) => (b.kind === 'progress' ? [b.label] : []));
const texts = (reply: Reply) => reply.blocks.flatMap((b) => (b.kind === 'text' ? [b.text] : [])).join('\n');
const epoch = { phase: 'training' as const, epoch: 14, epochs: 200, loss: 0.51, accuracy: 0.9, valLoss: 0.5, valAccuracy: 0.845 };

describe('training progress', () => {
  it('names the head of a fold ensemble, in both languages', () => {
    const en = trainingProgressReply({ ...epoch, head: 2, heads: 5 }, 'en');
    expect(progressLabel(en)).toEqual(['Head 2/5 · Epoch 14/200']);
    expect(texts(en)).toContain('5 heads each hold out a different 1/5 of the photos');
    const ko = trainingProgressReply({ ...epoch, head: 2, heads: 5 }, 'ko');
    expect(progressLabel(ko)).toEqual(['헤드 2/5 · 에폭 14/200']);
    expect(texts(ko)).toContain('헤드 5개가 사진을 5등분해');
  });

  it('shows only the epoch for a single head', () => {
    const en = trainingProgressReply(epoch, 'en');
    expect(progressLabel(en)).toEqual(['Epoch 14/200']);
    expect(texts(en)).toContain('validation accuracy 84.5%');
    expect(texts(en)).toContain('Stops early once the validation loss stops improving.');
  });
});
