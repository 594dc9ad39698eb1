// Action ids travel through Discord custom_id (at most 100 characters) and Slack action_id.
// Format: command:verb:param1:param2 — params must not contain ':'.

export const MAX_ACTION_ID = 100;

export function actionId(command: string, verb: string, ...params: (string | number)[]): string {
  const parts = [command, verb, ...params.map(String)];
  for (const part of parts) {
    if (part.includes(':')) throw new Error(`action id part "${part}" contains ':'`);
  }
  const id = parts.join(':');
  if (id.length > MAX_ACTION_ID) throw new Error(`action id longer than ${MAX_ACTION_ID}: ${id}`);
  return id;
}

export function parseActionId(id: string): { command: string; verb: string; params: string[] } | null {
  const [command, verb, ...params] = id.split(':');
  if (!command || !verb) return null;
  return { command, verb, params };
}
