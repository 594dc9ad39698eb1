// The service classifies, trains and activates models for whoever reaches it. On an address other
// machines can reach, that must be the bots holding CLASSIFIER_TOKEN, unless the operator says
// outright that the network itself is the guard (CLASSIFIER_ALLOW_OPEN=1).
import { isIP } from 'node:net';

/** Only this machine can connect: 127.0.0.0/8, ::1 (also IPv4-mapped), or the name localhost. */
export function isLoopback(host: string): boolean {
  const bare = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (bare === 'localhost') return true;
  const v4 = bare.startsWith('::ffff:') && isIP(bare.slice(7)) === 4 ? bare.slice(7) : bare;
  if (isIP(v4) === 4) return v4.split('.')[0] === '127';
  // ::1 as people write it; any rarer spelling is refused, which errs on the safe side.
  return isIP(bare) === 6 && (bare === '::1' || /^(0{1,4}:){7}0{0,3}1$/.test(bare));
}

/** The one line that says why the service must not start on `host`; undefined when it may. */
export function openAccessRefusal(
  host: string,
  env: { CLASSIFIER_TOKEN?: string | undefined; CLASSIFIER_ALLOW_OPEN?: string | undefined },
): string | undefined {
  if (isLoopback(host) || env.CLASSIFIER_TOKEN?.trim() || ['1', 'true'].includes(env.CLASSIFIER_ALLOW_OPEN ?? '')) return undefined;
  return (
    `refusing to listen on ${host} without CLASSIFIER_TOKEN: anyone who reaches it could classify, train and activate models. ` +
    'Set CLASSIFIER_TOKEN (the bots send the same one), listen on 127.0.0.1, or set CLASSIFIER_ALLOW_OPEN=1 to serve it open on purpose.'
  );
}
