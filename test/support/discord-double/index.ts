export { TestDiscord, type Place, type Upload, type OptionInput } from './events.ts';
export type { InteractionRecord, RecordedCall } from './double.ts';
export { EPHEMERAL, Permission, STUDENT_PERMISSIONS, type Person, type StoredMessage, type DoubleGuild, type DoubleChannel } from './model.ts';
export { CALLBACK_WINDOW_MS } from './rest-routes.ts';
