// Food-101 class names as people say them, in both languages.
import type { Language, Localized } from '../../core/reply.ts';

const FRIENDLY: Record<string, Localized> = {
  apple_pie: { ko: '애플파이', en: 'Apple pie' },
  baby_back_ribs: { ko: '베이비 백 립', en: 'Baby back ribs' },
  baklava: { ko: '바클라바', en: 'Baklava' },
  beet_salad: { ko: '비트 샐러드', en: 'Beet salad' },
  beignets: { ko: '베녜', en: 'Beignets' },
  bibimbap: { ko: '비빔밥', en: 'Bibimbap' },
  breakfast_burrito: { ko: '브렉퍼스트 부리토', en: 'Breakfast burrito' },
};

/** A class name for people; a label we have no words for is shown tidied up ("fish_and_chips" -> "Fish and chips"). */
export function friendlyLabel(label: string, lang: Language): string {
  const known = FRIENDLY[label];
  if (known) return known[lang];
  const words = label.replace(/_/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function friendlyLabels(label: string): Localized {
  return { ko: friendlyLabel(label, 'ko'), en: friendlyLabel(label, 'en') };
}
