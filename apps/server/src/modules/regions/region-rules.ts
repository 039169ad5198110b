import { isIP } from 'node:net';

/**
 * A loopback host as the WHATWG URL parser leaves it: `localhost`, an IPv4 address in 127.0.0.0/8,
 * or `[::1]`. Only these may be reached over plain http (a local emulator standing in for a stamp).
 */
export function isLoopbackHost(hostname: string): boolean {
  if (hostname === 'localhost' || hostname === '[::1]') return true;
  return isIP(hostname) === 4 && hostname.startsWith('127.');
}

/** Why a value is not an admin ARM endpoint, or null when it is one. */
export function armEndpointProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'Not an absolute URL, e.g. https://adminmanagement.local.azurestack.external.';
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    return 'Use an https: URL (http: only on a loopback address: 127.0.0.0/8, ::1 or localhost).';
  }
  if (url.username !== '' || url.password !== '') return 'No user name or password in the URL.';
  if (url.search !== '' || url.hash !== '') return 'No query or fragment: the endpoint only.';
  const normal = url.href;
  const bareOrigin = normal === `${url.origin}/` && value === url.origin;
  if (value !== normal && !bareOrigin) return `Not in normal form; send ${normal}`;
  return null;
}

const CRON_FIELDS: [string, number, number][] = [
  ['minute', 0, 59],
  ['hour', 0, 23],
  ['day of month', 1, 31],
  ['month', 1, 12],
  ['day of week', 0, 7],
];

/** Why a value is not a 5-field cron expression, or null when it is one. */
export function cronProblem(value: string): string | null {
  const fields = value.split(' ');
  if (fields.length !== 5) return 'Five fields: minute hour day month weekday.';
  for (const [i, text] of fields.entries()) {
    const [name, min, max] = CRON_FIELDS[i]!;
    for (const part of text.split(',')) {
      const match = /^(\*|(\d{1,2})(?:-(\d{1,2}))?)(?:\/(\d{1,2}))?$/.exec(part);
      if (!match) return `Not a valid schedule: ${name} "${part}" is malformed.`;
      const numbers = [match[2], match[3]].filter((n) => n !== undefined).map(Number);
      if (numbers.some((n) => n < min || n > max))
        return `Not a valid schedule: ${name} outside ${min}-${max}.`;
      if (numbers.length === 2 && numbers[0]! > numbers[1]!)
        return `Not a valid schedule: ${name} range runs backwards.`;
      if (match[4] !== undefined && Number(match[4]) < 1)
        return `Not a valid schedule: ${name} step must be positive.`;
    }
  }
  return null;
}

/** Whether `zone` is an IANA time zone this runtime knows. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}
