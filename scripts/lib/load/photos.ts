// The photo burst: "everyone, post your photo now". Each photo is shared in the photo channel as
// Slack's `message` event with a file the double hosts; its answer is the bot's reply in the
// photo's thread: the prediction, or a refusal. A queue note ("you're #k") is counted, not final.
import type { Actor } from '../../../test/support/slack-double/signer.ts';
import type { RecordedCall } from '../../../test/support/slack-double/types.ts';
import type { SlackRequests } from '../../../test/slack/harness.ts';
import type { Measurements, PhotoRecord } from './measurements.ts';
import { isRefusal, shown, textOfCall, verdictOf, type ReplyWatcher } from './replies.ts';
import { PHOTO_CHANNEL } from './slack-class.ts';

export interface Photo {
  name: string;
  bytes: Uint8Array;
}

/** A prediction shows confidences ("62%"); nothing else in a photo's thread does. */
function isPrediction(call: RecordedCall): boolean {
  return /\d%/.test(textOfCall(call)) && verdictOf(call) === 'ok';
}

export async function postPhoto(
  requests: SlackRequests,
  watcher: ReplyWatcher,
  measurements: Measurements,
  actor: Actor,
  photo: Photo,
  timeoutMs: number,
): Promise<void> {
  const record: PhotoRecord = { student: actor.userId, acknowledged: false, notes: 0 };
  measurements.photos.push(record);
  const file = requests.double.addFile({ name: photo.name, mimetype: 'image/jpeg', bytes: photo.bytes });
  const started = Date.now();
  const from = watcher.mark();
  let ts: string;
  try {
    const shared = await requests.shareFiles(actor, [file], { channel: PHOTO_CHANNEL });
    ts = shared.ts;
    record.acknowledged = measurements.ack('photo', shared.delivery.status, shared.delivery.ackMs);
  } catch {
    measurements.ack('photo', undefined, 0);
    return;
  }
  // A private answer to an event has no response_url: it comes as an ephemeral message in the
  // channel, threaded or not.
  const privately = (call: RecordedCall) => call.method === 'chat.postEphemeral' && call.args.channel === PHOTO_CHANNEL && call.args.user === actor.userId;
  // The answer to a photo that waited replaces its "you're #k" notice: a chat.update of a message
  // that lives in the photo's thread.
  const editsThread = (call: RecordedCall) =>
    call.method === 'chat.update' && requests.double.messages.some((m) => m.ts === call.args.ts && m.channel === call.args.channel && m.thread_ts === ts);
  const inThread = (call: RecordedCall) => shown(call) && (call.args.thread_ts === ts || privately(call) || editsThread(call));
  const answer = await watcher.since(
    from,
    (call) => {
      if (!inThread(call)) return false;
      record.firstWordMs ??= call.at - started;
      if (isPrediction(call) || isRefusal(verdictOf(call))) return true;
      record.notes += 1;
      return false;
    },
    timeoutMs,
  );
  if (!answer) return measurements.reply('photo', undefined, undefined);
  record.answerMs = answer.at - started;
  record.verdict = isPrediction(answer) ? 'prediction' : verdictOf(answer);
  measurements.reply('photo', record.answerMs, verdictOf(answer));
}
