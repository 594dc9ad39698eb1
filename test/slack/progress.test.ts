// Training progress as one Slack message edited in place: epochs arrive faster than Slack lets a
// bot edit, so reports are coalesced (newest wins, one edit per interval), and closing shows the
// last report given rather than leaving the message on its first.
import { describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/reply.ts';
import { ProgressMessage } from '../../src/platforms/slack/progress.ts';

function recorder() {
  const shown: { text: string; at: number }[] = [];
  const show = async (reply: Reply) => {
    shown.push({ text: reply.title ?? '', at: Date.now() });
    await new Promise((resolve) => setTimeout(resolve, 5));
  };
  return { shown, show };
}

const epoch = (n: number): Reply => ({ title: `Epoch ${n}`, blocks: [] });

describe('ProgressMessage', () => {
  it('shows the first report at once, coalesces the rest, and ends on the last one given before close', async () => {
    const { shown, show } = recorder();
    const progress = new ProgressMessage(show, () => {}, 200);
    for (let n = 1; n <= 30; n++) await progress.report(epoch(n));
    await progress.close();
    await progress.report(epoch(31)); // after close: ignored
    expect(shown.map((s) => s.text)).toEqual(['Epoch 1', 'Epoch 30']);
    expect(shown[1]!.at - shown[0]!.at).toBeGreaterThanOrEqual(190);
  });

  it('keeps going when an edit fails, and says so', async () => {
    const logged: string[] = [];
    let calls = 0;
    const progress = new ProgressMessage(
      async () => {
        calls++;
        if (calls === 1) throw new Error('message_not_found');
      },
      (line) => logged.push(line),
      10,
    );
    await progress.report(epoch(1));
    await progress.report(epoch(2));
    await progress.close();
    expect(calls).toBe(2);
    expect(logged).toEqual(['slack: progress update failed: message_not_found']);
  });
});
