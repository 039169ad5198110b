import type { AnyContext, PublicContext } from '../context.ts';
import { AppError } from '../http/errors.ts';
import { ROUTE_POLICY, type Rule } from './route-policy.ts';

/** Reads a setting's current value; the settings module provides it (wired in server.ts). */
export type SettingReader = (ctx: AnyContext, key: string) => Promise<unknown>;

/**
 * The one place that decides whether an actor may use a route. Called by the route layer before
 * any handler runs; handlers only ever execute for allowed actors, and their scoped repositories
 * make everything outside the actor's branch answer 404.
 */
export function routePolicy(routeId: string) {
  const policy = ROUTE_POLICY[routeId];
  if (policy === undefined) {
    throw new Error(`Route ${routeId} has no entry in ROUTE_POLICY`);
  }
  return policy;
}

export function ruleFor(ctx: PublicContext, routeId: string): Rule | 'public' | 'self' {
  const policy = routePolicy(routeId);
  if (policy === 'public') return 'public';
  if (!ctx.actor) {
    throw new AppError('unauthenticated', 'Sign in or send an API token.');
  }
  if (policy === 'self') return 'self';
  return policy[ctx.actor.roleKey];
}

/** The rules that let a request go on (forbidden and hidden go on to authorizeTarget). */
const PASSING_RULES: ReadonlySet<unknown> = new Set(['public', 'self', 'allow', 'forbidden', 'hidden']);

/**
 * Checks that do not need the target object: the role may use the route at all. Anything the
 * table does not name as passing is denied, so a rule missing for a role can never mean "allow".
 */
export async function authorizeRoute(
  ctx: PublicContext,
  routeId: string,
  readSetting: SettingReader,
): Promise<Rule | 'public' | 'self'> {
  const rule = ruleFor(ctx, routeId);
  if (typeof rule === 'object') {
    const enabled = await readSetting(ctx, rule.setting);
    if (enabled !== true) {
      throw AppError.forbidden(`This operation is turned off for your level by the setting ${rule.setting}.`);
    }
    return rule;
  }
  if (!PASSING_RULES.has(rule)) {
    throw AppError.forbidden('Your role cannot use this operation.');
  }
  return rule;
}

/**
 * For rules that refuse a visible object: 404 when the actor cannot see the target (it does not
 * exist for them), 403 when it can see it but may not change it.
 */
export async function authorizeTarget(
  rule: Rule | 'public' | 'self',
  isVisible: () => Promise<boolean>,
): Promise<void> {
  if (rule === 'hidden') {
    throw AppError.notFound();
  }
  if (rule === 'forbidden') {
    if (!(await isVisible())) {
      throw AppError.notFound();
    }
    throw AppError.forbidden('Your role can view this but not change it.');
  }
}
