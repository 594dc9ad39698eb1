// Text a member can put in their name or an answer to make the bot say something it shouldn't:
// a disguised link, a ping, reordered or invisible characters, a formula, a terminal escape, a
// novel. Every platform's renderer is tested against all of it (test/platforms/hostile-text.test.ts).

export const HOSTILE_STRINGS = {
  markdownLink: '[free answers](https://evil.example/phish)',
  slackLink: '<https://evil.example/phish|free answers>',
  everyone: '@everyone',
  here: '@here',
  slackChannel: '<!channel>',
  slackMember: '<@U0ADMIN>',
  discordMember: '<@123456789012345678>',
  discordRole: '<@&987654321098765432>',
  bareUrl: 'https://evil.example/phish',
  bidiOverride: 'Mina\u202E 001 stp\u202C',
  bidiIsolates: '\u2066Jun\u2069\u2067evil\u2069\u202Ax\u202B\u202D',
  zeroWidth: 'Te\u200Bach\u200Cer\u2060\uFEFF\u180E',
  markdown: '**bold** _it_ ~~gone~~ `code` ||spoiler|| # big > quote',
  formula: '=HYPERLINK("https://evil.example","x")',
  terminal: '\u001b[2J\u001b[31mred\u0007',
  html: '<img src=x onerror="window.pwned=1"><script>window.pwned=1</script>"><b>bold</b>',
  long: `L${'o'.repeat(4998)}ng`,
} as const;

export type HostileName = keyof typeof HOSTILE_STRINGS;

/** Characters none of them may still carry once shown anywhere. */
export const INVISIBLE_OR_REORDERING = /[\u200B\u2060\uFEFF\u180E\u202A-\u202E\u2066\u2067\u001b\u0007]/;
