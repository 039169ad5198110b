import type { Config } from './config.ts';
import type { Db } from './db/database.ts';
import type { OrganisationKind, SessionStage, UserRole } from './db/schema.ts';
import type { Metrics } from './http/metrics.ts';
import type { ResponseCache } from './http/response-cache.ts';

/**
 * The time, in milliseconds since the epoch. Every service reads it from the app (never Date.now()),
 * so a test can build the app at a fixed or advancing time (billing periods, expiries).
 */
export type Clock = () => number;

/** Everything process-wide that services need; built once at boot. */
export interface AppContext {
  config: Config;
  /** Date.now in production; what the test says in tests. The mail dispatcher starts with it too. */
  clock: Clock;
  db: Db;
  metrics: Metrics;
  /** Encrypts secrets at rest (SMTP and region credentials…); never logged or returned. */
  encryptionKey: Buffer;
  /** Delivers the mail outbox; started and stopped with the HTTP server or `cms worker`. */
  mail: MailDelivery;
  /** Runs durable jobs and their schedules (modules/jobs); started with the server unless it runs none. */
  jobs: JobWorker;
  /** Answers of `cached` routes; absent on MySQL/PostgreSQL or when configured off. */
  responseCache?: ResponseCache | undefined;
  /**
   * A test hook. Write services await it at named points inside their transactions, after taking
   * their locks and before writing (`organisation.delete`, `subscription.create`…), so a
   * concurrency test can hold one request at its worst point while it fires another. Resolves at
   * once outside those tests.
   */
  pause(point: string): Promise<void>;
}

/**
 * The mail outbox's deliverer as the rest of the process sees it (the mail module's
 * MailDispatcher, attached at boot in bootstrap.ts).
 */
export interface MailDelivery {
  /** Starts polling for due mail (server start). */
  start(): void;
  /** Stops polling and waits for a pass in progress (server close). */
  stop(): Promise<void>;
  /** A transaction that queued mail has committed: deliver it now rather than at the next poll. */
  wake(): void;
  /** Delivers every due row; resolves once a pass that started after the call has finished. */
  dispatchNow(): Promise<void>;
  /** The deliverer's clock, the app's unless a test moves it forward to make retries due. */
  clock: Clock;
}

/** The job runner as the rest of the process sees it (the jobs module's JobRunner, attached at boot). */
export interface JobWorker {
  /** Starts polling for due jobs and schedules (server or worker start). */
  start(): void;
  /** Stops claiming, aborts running handlers' signals and waits for them a short while. */
  stop(): Promise<void>;
  /** A transaction that queued a job has committed: look for due work now rather than at the next poll. */
  wake(): void;
  /** A job was cancelled: if this process runs it, abort its handler now (others notice at their heartbeat). */
  revoked(jobId: string): void;
  /**
   * Enqueues due schedules and runs every due job, resolving when none is due or running (tests,
   * and `cms worker --once`).
   */
  runNow(): Promise<void>;
}

export type RoleKey = `${OrganisationKind}_${UserRole}`;

/**
 * Where an actor stands in the hierarchy. Every scoped repository function takes one; the chain
 * ids say which branch the actor may see (null above its level).
 */
export interface Scope {
  level: OrganisationKind;
  orgId: string;
  distributorId: string | null;
  partnerId: string | null;
  tenantId: string | null;
}

/** A verified caller: built once per request from a session cookie or an API token. */
export interface Actor {
  userId: string;
  role: UserRole;
  roleKey: RoleKey;
  scope: Scope;
  sessionId: string | null;
  tokenId: string | null;
  /** The session's CSRF token, checked on cookie-authenticated writes; null for API tokens. */
  csrfToken: string | null;
  /** How far the session's sign-in has got; API tokens are always `active`. */
  stage: SessionStage;
}

interface ContextBase {
  app: AppContext;
  requestId: string;
  ip: string | null;
  userAgent: string | null;
}

/** A request by a verified person or API token: every non-public route's handler gets one. */
export interface RequestContext extends ContextBase {
  actor: Actor;
}

/** A caller of a public route (sign-in, activation, branding…) who has not signed in. */
export interface AnonymousContext extends ContextBase {
  actor: null;
}

/** Work the system does on its own behalf (boot, the command line, jobs): no person behind it. */
export interface SystemContext extends ContextBase {
  actor: null;
  system: true;
}

/**
 * Any of the three: what the audit writer and the services that run for everyone (settings, mail)
 * take. They tell a person from the system by `actor`.
 */
export type AnyContext = RequestContext | AnonymousContext | SystemContext;

/** What a public route's handler gets: the caller may or may not have signed in. */
export type PublicContext = RequestContext | AnonymousContext;

/** The same request, acting as a person it has just verified (a sign-in, an activation link). */
export function actingAs(ctx: AnyContext, actor: Actor): RequestContext {
  return { app: ctx.app, actor, requestId: ctx.requestId, ip: ctx.ip, userAgent: ctx.userAgent };
}

export function systemContext(app: AppContext, requestId = 'system'): SystemContext {
  return { app, actor: null, requestId, ip: null, userAgent: null, system: true };
}
