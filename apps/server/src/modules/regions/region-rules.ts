import { isIP } from 'node:net';
import { CronError, isTimeZone, parseCron } from '../jobs/index.ts';

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

/** Why a value is not a 5-field cron expression (the job runner's dialect), or null when it is one. */
export function cronProblem(value: string): string | null {
  try {
    parseCron(value);
    return null;
  } catch (error) {
    if (error instanceof CronError) return `Not a valid schedule: ${error.message}.`;
    throw error;
  }
}

export { isTimeZone };
