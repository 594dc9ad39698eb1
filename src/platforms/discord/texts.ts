// What the adapter itself says to people, in both languages. Everything else comes from the core.
import type { Language, Localized } from '../../core/reply.ts';

export const texts = {
  dmsClosed: {
    ko: '📪 DM을 보낼 수 없어요. 서버 이름을 누르고 **개인정보 보호 설정**에서 **다이렉트 메시지**를 켠 다음 다시 시도해 주세요.',
    en: "📪 I can't send you direct messages. Click the server name, open **Privacy Settings**, turn on **Direct Messages**, then try again.",
  },
  sentToDm: { ko: '📬 DM으로 보냈어요.', en: '📬 I sent it to your DMs.' },
  done: { ko: '✅ 처리했어요.', en: '✅ Done.' },
  noImageOnMessage: {
    ko: '이 메시지에는 사진이 없어요. 음식 사진이 첨부된 메시지에서 다시 시도해 주세요.',
    en: 'This message has no photo. Try again on a message with a food photo attached.',
  },
  notAnImage: {
    ko: '이미지 파일이 아니에요. JPEG, PNG, WebP 같은 음식 사진을 올려 주세요.',
    en: "That file isn't an image. Please send a food photo (JPEG, PNG, WebP…).",
  },
  photoGone: {
    ko: '사진을 더 이상 내려받을 수 없어요 (메시지가 지워졌을 수 있어요). 사진을 다시 올려 주세요.',
    en: 'The photo can no longer be downloaded (the message may have been deleted). Please post it again.',
  },
  photoHostRefused: {
    ko: '이 사진은 Discord 파일 서버(CDN)가 아닌 곳에 있어서 내려받지 않았어요. 사진을 Discord에 직접 올려 주세요.',
    en: "I didn't download that photo: it isn't on Discord's file servers (CDN). Please upload the photo to Discord itself.",
  },
  photoDownloadFailed: {
    ko: '사진을 내려받지 못했어요. 잠시 후 다시 시도해 주세요.',
    en: "I couldn't download the photo. Please try again in a moment.",
  },
  promptTitle: { ko: '답변', en: 'Your answer' },
  promptLabel: { ko: '답을 입력하세요', en: 'Type your answer' },
  failed: {
    ko: '문제가 생겨 요청을 처리하지 못했습니다. 잠시 후 다시 시도해 주세요.',
    en: 'Something went wrong and the request was not completed. Please try again shortly.',
  },
  restarting: {
    ko: '🔄 봇이 잠시 재시작하는 중이에요. 조금 뒤에 다시 시도해 주세요.',
    en: '🔄 The bot is restarting. Please try again in a moment.',
  },
} satisfies Record<string, Localized>;

export function tooLarge(sizeBytes: number, maxBytes: number): Localized {
  const mb = (n: number): string => (n / 1024 / 1024).toFixed(n < 1024 * 1024 ? 2 : 1);
  return {
    ko: `사진이 너무 커요 (${mb(sizeBytes)} MB). ${mb(maxBytes)} MB 이하로 올려 주세요.`,
    en: `That photo is too large (${mb(sizeBytes)} MB). Please send one under ${mb(maxBytes)} MB.`,
  };
}

/** Discord locales are "ko", "en-US", "en-GB", ...; anything not Korean reads English. */
export function languageOf(locale: string | undefined): Language {
  return locale?.startsWith('ko') ? 'ko' : 'en';
}
