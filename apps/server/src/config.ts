import { z } from 'zod';

/**
 * Process configuration, read once from the environment and validated at boot. Only what must
 * exist before the database is reachable lives here; everything an operator edits at runtime is a
 * setting in the database (see modules/settings).
 */
const EnvSchema = z.object({
  DATABASE_URL: z
    .string()
    .min(1)
    .optional()
    .describe(
      'sqlite:./data/cms.sqlite (default), mysql://user:pass@host:3306/db or postgres://user:pass@host:5432/db',
    ),
  CMS_DATA_DIR: z.string().min(1).default('./data'),
  CMS_ENCRYPTION_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$/, 'must be 32 bytes, base64-encoded (44 characters)')
    .optional(),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CMS_PUBLIC_URL: z.url().optional().describe('External URL; https enables Secure cookies'),
  CMS_TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  CMS_ADMIN_EMAIL: z.email().optional(),
  CMS_ADMIN_PASSWORD: z.string().min(12).max(200).optional(),
  CMS_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(1440).default(60),
  CMS_SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(720).default(12),
  CMS_RESPONSE_CACHE_MB: z.coerce
    .number()
    .int()
    .min(0)
    .max(4096)
    .default(32)
    .describe('Memory for cached list answers (SQLite only); 0 turns the cache off'),
  CMS_METRICS_ACCESS: z
    .enum(['public', 'platform'])
    .default('public')
    .describe('Who may read /metrics: anyone who reaches it, or platform users and their API tokens only'),
  CMS_WORKER: z
    .enum(['true', 'false'])
    .default('true')
    .describe(
      'false: `cms serve` runs no jobs, schedules or mail outbox (separate `cms worker` processes do)',
    ),
  CMS_JOB_LEASE_SECONDS: z.coerce
    .number()
    .int()
    .min(2)
    .max(3600)
    .default(60)
    .describe('How long a worker holds a job without a heartbeat: a dead worker job runs again after it'),
  CMS_WEB_DIR: z
    .string()
    .min(1)
    .optional()
    .describe('The built portal; default apps/web/dist of the checkout'),
  CMS_ENTRA_AUTHORITY: z
    .string()
    .default('https://login.microsoftonline.com')
    .refine(
      isAuthority,
      'must be an https origin such as https://login.microsoftonline.us (http only on loopback)',
    )
    .transform((value) => value.replace(/\/$/, ''))
    .describe('Microsoft Entra sign-in authority: issuers and directory look-ups of the entra preset'),
});

/**
 * An origin without a path, query or credentials, in normal form: https, or http on this machine
 * (tests, a local stand-in). Sovereign clouds have their own, e.g. https://login.microsoftonline.us.
 */
function isAuthority(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  // Equal to its own origin: nothing after the host and port but an optional final slash.
  return (
    (url.protocol === 'https:' || (url.protocol === 'http:' && loopback)) &&
    value.replace(/\/$/, '') === url.origin
  );
}

export interface Config {
  databaseUrl: string;
  dataDir: string;
  encryptionKey: string | undefined;
  host: string;
  port: number;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  publicUrl: string | undefined;
  trustProxy: boolean;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  /** `platform`: /metrics answers platform users (and their API tokens) only. */
  metricsAccess: 'public' | 'platform';
  /** Budget of the response cache in MiB; 0 turns it off. */
  responseCacheMb: number;
  /** Whether `cms serve` also runs jobs, schedules and the mail outbox (CMS_WORKER, `--no-worker`). */
  worker: boolean;
  /** A job lease in seconds: heartbeats renew it; a dead worker's job is claimable once it lapses. */
  jobLeaseSeconds: number;
  /** The built web portal to serve at `/`; found next to the server when not set. */
  webDir: string | undefined;
  /** Microsoft Entra's authority (an origin, no trailing slash): `{authority}/{tenant id}/v2.0` is a directory's issuer. */
  entraAuthority: string;
  /** Settings pre-seeded from CMS_SETTING_<KEY> variables, applied when the key is still unset. */
  settingSeeds: Record<string, string>;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid environment configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const settingSeeds: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (name.startsWith('CMS_SETTING_') && value !== undefined) {
      settingSeeds[name.slice('CMS_SETTING_'.length)] = value;
    }
  }
  return {
    databaseUrl: e.DATABASE_URL ?? `sqlite:${e.CMS_DATA_DIR.replace(/\/$/, '')}/cms.sqlite`,
    dataDir: e.CMS_DATA_DIR,
    encryptionKey: e.CMS_ENCRYPTION_KEY,
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    publicUrl: e.CMS_PUBLIC_URL,
    trustProxy: e.CMS_TRUST_PROXY === 'true',
    adminEmail: e.CMS_ADMIN_EMAIL,
    adminPassword: e.CMS_ADMIN_PASSWORD,
    sessionIdleMinutes: e.CMS_SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: e.CMS_SESSION_ABSOLUTE_HOURS,
    responseCacheMb: e.CMS_RESPONSE_CACHE_MB,
    metricsAccess: e.CMS_METRICS_ACCESS,
    worker: e.CMS_WORKER === 'true',
    jobLeaseSeconds: e.CMS_JOB_LEASE_SECONDS,
    webDir: e.CMS_WEB_DIR,
    entraAuthority: e.CMS_ENTRA_AUTHORITY,
    settingSeeds,
  };
}
