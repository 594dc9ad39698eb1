// Korean names Discord shows members whose client is in Korean (name_localizations). Discord still
// sends the English name with every interaction, so routing never depends on these. A name missing
// here simply shows in English.
export const KOREAN_NAMES: Readonly<Record<string, string>> = {
  // commands
  lesson: '수업',
  quiz: '퀴즈',
  challenge: '챌린지',
  progress: '진도',
  leaderboard: '리더보드',
  language: '언어',
  help: '도움말',
  report: '보고서',
  instructor: '강사',
  predict: '분류',
  model: '모델',
  foodvision: '푸드비전',
  privacy: '개인정보',
  mydata: '내데이터',
  answers: '답안',
  dashboard: '대시보드',
  // subcommands
  add: '추가',
  remove: '해제',
  train: '학습',
  status: '상태',
  activate: '활성화',
  'photo-channel': '사진채널',
  // options
  number: '번호',
  section: '섹션',
  member: '멤버',
  photo: '사진',
  version: '버전',
  mode: '모드',
  action: '동작',
};

export function koreanName(name: string): { name_localizations?: { ko: string } } {
  const ko = KOREAN_NAMES[name];
  return ko ? { name_localizations: { ko } } : {};
}
