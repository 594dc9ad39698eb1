// What the Slack adapter itself says (everything else comes from the core, already translated).
import type { Language, Localized } from '../../core/reply.ts';

export const TEXTS = {
  dmClosed: {
    ko: '다이렉트 메시지를 보낼 수 없습니다. Slack에서 이 앱의 메시지 탭을 열고 메시지를 허용한 뒤 다시 시도해 주세요.',
    en: "I couldn't send you a direct message. Open this app's Messages tab in Slack, allow messages, and try again.",
  },
  sentToDm: {
    ko: '파일은 다이렉트 메시지로 보냈습니다.',
    en: 'I sent the file to you in a direct message.',
  },
  noPhoto: {
    ko: '이 메시지에는 분류할 사진이 없습니다. 음식 사진이 올라간 메시지에서 다시 시도해 주세요.',
    en: 'This message has no photo to classify. Try again on a message with a food photo.',
  },
  attachmentOnly: {
    ko: '사진은 슬래시 명령어로 보낼 수 없습니다. 채널에 사진을 올리거나, 사진 메시지의 "⋮" 메뉴에서 "Classify food photo"를 고르세요.',
    en: 'Photos can\'t be sent through a slash command. Post the photo in the channel, or pick "Classify food photo" from the photo message\'s "⋮" menu.',
  },
  usage: { ko: '사용법', en: 'Usage' },
  fileTooLarge: {
    ko: '파일이 너무 큽니다.',
    en: 'That file is too large.',
  },
  fileGone: {
    ko: '파일을 내려받을 수 없습니다. 삭제되었거나 이 앱이 볼 수 없는 파일입니다.',
    en: "I can't download that file: it was deleted, or this app isn't allowed to see it.",
  },
  fileHostRefused: {
    ko: '이 파일은 Slack 파일 서버가 아닌 곳에 있어서 내려받지 않았습니다. 사진을 Slack에 직접 올려 주세요.',
    en: "I didn't download that file: it isn't on Slack's file servers. Please upload the photo to Slack itself.",
  },
  notAnImage: {
    ko: '이미지 파일이 아닙니다. JPEG, PNG, WebP 같은 사진 파일을 올려 주세요.',
    en: "That file isn't an image. Please share a photo (JPEG, PNG, WebP...).",
  },
  answerFormFailed: {
    ko: '답을 입력할 창을 열지 못했습니다. "✏️ 답하기" 버튼을 다시 눌러 주세요.',
    en: 'The answer form didn\'t open. Please click "✏️ Answer" again.',
  },
  deliveryFailed: {
    ko: '답을 보내지 못했습니다. 잠시 후 다시 시도해 주세요. 기록은 그대로 남아 있습니다.',
    en: "I couldn't send my answer. Please try again shortly; nothing was lost.",
  },
} satisfies Record<string, Localized>;

/** A text in the member's language, or in both (Korean first) when their language isn't known. */
export function inLanguage(text: Localized, lang: Language | undefined): string {
  return lang ? text[lang] : `${text.ko}\n${text.en}`;
}
