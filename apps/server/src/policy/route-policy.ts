import type { RoleKey } from '../context.ts';

/**
 * THE table of who may do what: route id × role → outcome for an object inside the actor's own
 * branch. The policy module enforces it at runtime and the generated security suite reads it to
 * know what to expect, so a route without an entry fails the suite.
 *
 * - allow:     the handler runs (scoped repositories still answer 404 outside the actor's branch)
 * - forbidden: the actor can see the object but may not do this: 403 (404 when not visible)
 * - hidden:    this kind of object never exists for the role: 404
 * - denied:    the route is not for this role at all: 403 before anything is looked up
 * - { setting }: allowed while the boolean setting is on, 403 when it is off
 *
 * Public routes need no actor; `self` routes are open to every signed-in user and act only on
 * the actor's own records.
 */
import type { SessionStage } from '../db/schema.ts';

export type Rule = 'allow' | 'forbidden' | 'hidden' | 'denied' | { setting: string };
export type RoleRules = Record<RoleKey, Rule>;
export type RoutePolicy = 'public' | 'self' | RoleRules;

export const ROLE_KEYS: readonly RoleKey[] = [
  'platform_admin',
  'platform_reader',
  'distributor_admin',
  'distributor_reader',
  'partner_admin',
  'partner_reader',
  'tenant_admin',
  'tenant_reader',
];

type Abbrev = 'A' | 'F' | 'H' | 'D' | { setting: string };

/** Rules in ROLE_KEYS order: A allow, F forbidden, H hidden, D denied. */
function rules(...outcomes: Abbrev[]): RoleRules {
  const expand = (o: Abbrev): Rule =>
    o === 'A' ? 'allow' : o === 'F' ? 'forbidden' : o === 'H' ? 'hidden' : o === 'D' ? 'denied' : o;
  if (outcomes.length !== ROLE_KEYS.length) {
    throw new Error(`rules() needs ${ROLE_KEYS.length} outcomes`);
  }
  return Object.fromEntries(ROLE_KEYS.map((role, i) => [role, expand(outcomes[i]!)])) as RoleRules;
}

const s = (setting: string) => ({ setting });

// biome-ignore format: the table is aligned by hand so it reads as a matrix
export const ROUTE_POLICY: Record<string, RoutePolicy> = {
  //                                   platform     distributor  partner      tenant
  //                                   admin  read  admin  read  admin  read  admin  read
  'health.live':             'public',
  'health.ready':            'public',
  'metrics.scrape':          'public',
  'docs.openapi':            'public',
  'auth.signIn':             'public',
  'auth.activate':           'public',
  'auth.passwordResetRequest': 'public',
  'auth.passwordResetConfirm': 'public',
  'auth.signOut':            'self',
  'auth.signOutEverywhere':  'self',
  'auth.changePassword':     'self',
  'auth.me':                 'self',
  'apiTokens.list':          'self',
  'apiTokens.create':        'self',
  'apiTokens.revoke':        'self',
  'mfa.enrolmentStart':      'self',
  'mfa.enrolmentConfirm':    'self',
  'mfa.verify':              'self',
  'mfa.recoveryCodesRegenerate': 'self',
  'mfa.disable':             'self',
  'identities.listOwn':      'self',
  'identities.removeOwn':    'self',

  'distributors.list':       rules('A', 'A',  'A', 'A',   'D', 'D',   'D', 'D'),
  'distributors.export':     rules('A', 'A',  'A', 'A',   'D', 'D',   'D', 'D'),
  'distributors.get':        rules('A', 'A',  'A', 'A',   'H', 'H',   'H', 'H'),
  'distributors.create':     rules('A', 'D',  'D', 'D',   'D', 'D',   'D', 'D'),
  'distributors.update':     rules('A', 'F',  'F', 'F',   'H', 'H',   'H', 'H'),
  'distributors.delete':     rules('A', 'F',  'F', 'F',   'H', 'H',   'H', 'H'),

  'partners.list':           rules('A', 'A',  'A', 'A',   'A', 'A',   'D', 'D'),
  'partners.export':         rules('A', 'A',  'A', 'A',   'A', 'A',   'D', 'D'),
  'partners.get':            rules('A', 'A',  'A', 'A',   'A', 'A',   'H', 'H'),
  'partners.create':         rules('A', 'D',  'A', 'D',   'D', 'D',   'D', 'D'),
  'partners.update':         rules('A', 'F',  'A', 'F',   'F', 'F',   'H', 'H'),
  'partners.delete':         rules('A', 'F',  'A', 'F',   'F', 'F',   'H', 'H'),
  'partners.move':           rules('A', 'F',  'F', 'F',   'F', 'F',   'H', 'H'),

  'tenants.list':            rules('A', 'A',  'A', 'A',   'A', 'A',   'A', 'A'),
  'tenants.export':          rules('A', 'A',  'A', 'A',   'A', 'A',   'A', 'A'),
  'tenants.get':             rules('A', 'A',  'A', 'A',   'A', 'A',   'A', 'A'),
  'tenants.create':          rules('A', 'D',  s('tenants.distributorCanCreate'), 'D', s('tenants.partnerCanCreate'), 'D', 'D', 'D'),
  'tenants.update':          rules('A', 'F',  'A', 'F',   'A', 'F',   'F', 'F'),
  'tenants.delete':          rules('A', 'F',  'A', 'F',   'A', 'F',   'F', 'F'),
  'tenants.move':            rules('A', 'F',  'A', 'F',   'F', 'F',   'F', 'F'),
  'tenants.identityCheck':   rules('A', 'A',  'A', 'A',   'A', 'A',   'A', 'A'),
  'tenants.identityCheckRun': rules('A', 'F',  'A', 'F',   'A', 'F',   'A', 'F'),

  'subscriptions.list':      rules('A', 'A',  'A', 'A',   'A', 'A',   'A', 'A'),
  'subscriptions.get':       rules('A', 'A',  'A', 'A',   'A', 'A',   'A', 'A'),
  'subscriptions.create':    rules('A', 'D',  s('subscriptions.distributorCanCreate'), 'D', s('subscriptions.partnerCanCreate'), 'D', s('subscriptions.tenantCanCreate'), 'D'),
  'subscriptions.update':    rules('A', 'F',  'A', 'F',   'A', 'F',   'F', 'F'),
  'subscriptions.delete':    rules('A', 'F',  'A', 'F',   'A', 'F',   'F', 'F'),
  // The lifecycle on the region (seed 002: partner, distributor and platform administrators) and
  // add-on plans; a tenant sees its subscriptions' plans and state but changes neither.
  'subscriptions.suspend':   rules('A', 'F',  'A', 'F',   'A', 'F',   'F', 'F'),
  'subscriptions.resume':    rules('A', 'F',  'A', 'F',   'A', 'F',   'F', 'F'),
  'subscriptions.cancel':    rules('A', 'F',  'A', 'F',   'A', 'F',   'F', 'F'),
  'subscriptions.regionDelete': rules('A', 'F', 'A', 'F', 'A', 'F',   'F', 'F'),
  'subscriptions.plans':     rules('A', 'A',  'A', 'A',   'A', 'A',   'A', 'A'),
  'subscriptions.acquirePlan': rules('A', 'F', 'A', 'F',  'A', 'F',   'F', 'F'),
  'subscriptions.removePlan': rules('A', 'F', 'A', 'F',   'A', 'F',   'F', 'F'),

  'users.list':              rules('A', 'A',  'A', 'A',   'A', 'A',   'A', 'A'),
  'users.get':               rules('A', 'A',  'A', 'A',   'A', 'A',   'A', 'A'),
  'users.create':            rules('A', 'D',  s('users.distributorCanCreate'), 'D', s('users.partnerCanCreate'), 'D', s('users.tenantCanCreate'), 'D'),
  'users.update':            rules('A', 'F',  'A', 'F',   'A', 'F',   'A', 'F'),
  'users.delete':            rules('A', 'F',  'A', 'F',   'A', 'F',   'A', 'F'),
  'users.resendInvitation':  rules('A', 'F',  'A', 'F',   'A', 'F',   'A', 'F'),
  'users.activationCode':    rules('A', 'F',  'A', 'F',   'A', 'F',   'A', 'F'),
  'users.passwordReset':     rules('A', 'F',  'A', 'F',   'A', 'F',   'A', 'F'),
  'users.mfaReset':          rules('A', 'F',  'A', 'F',   'A', 'F',   'A', 'F'),
  'users.listIdentities':    rules('A', 'A',  'A', 'A',   'A', 'A',   'A', 'A'),
  'users.removeIdentity':    rules('A', 'F',  'A', 'F',   'A', 'F',   'A', 'F'),

  'settings.list':           rules('A', 'A',  'D', 'D',   'D', 'D',   'D', 'D'),
  'settings.update':         rules('A', 'D',  'D', 'D',   'D', 'D',   'D', 'D'),
  'mail.sendTest':           rules('A', 'D',  'D', 'D',   'D', 'D',   'D', 'D'),
  'documentStorage.test':    rules('A', 'D',  'D', 'D',   'D', 'D',   'D', 'D'),
  // The log of e-mails about an object follows that object's recorded chain (mail-log.service).
  'emailLog.list':           rules('A', 'A',  'A', 'A',   'A', 'A',   'A', 'A'),

  'audit.list':              rules('A', 'A',  'A', 'A',   'A', 'A',   'A', 'A'),
  // Home's figures: every role, each count only where the role may use that list (null otherwise).
  'overview.get':            rules('A', 'A',  'A', 'A',   'A', 'A',   'A', 'A'),
  'audit.export':            rules('A', 'A',  'A', 'A',   'A', 'A',   'A', 'A'),

  // Federated sign-in: the sign-in page's provider list and the code flow are public; the mappings
  // are managed by administrators at every level for their own organisation and below.
  'auth.identityProviders':  'public',
  'auth.oidcStart':          'public',
  'auth.oidcCallback':       'public',
  'auth.session':            'public',
  'identityProviders.list':  rules('A', 'A',  'A', 'A',   'A', 'A',   'A', 'A'),
  'identityProviders.get':   rules('A', 'A',  'A', 'A',   'A', 'A',   'A', 'A'),
  'identityProviders.create': rules('A', 'D', 'A', 'D',   'A', 'D',   'A', 'D'),
  'identityProviders.update': rules('A', 'F', 'A', 'F',   'A', 'F',   'A', 'F'),
  'identityProviders.delete': rules('A', 'F', 'A', 'F',   'A', 'F',   'A', 'F'),

  // White-label: the effective branding and logos are public (the sign-in page shows them); the
  // platform's is managed by platform administrators, a partner's by its own administrators and
  // those above it. Tenants never learn that a partner exists behind the branding they see.
  'branding.effective':      'public',
  'branding.logo':           'public',
  'branding.platformGet':    rules('A', 'A',  'D', 'D',   'D', 'D',   'D', 'D'),
  'branding.platformUpdate': rules('A', 'D',  'D', 'D',   'D', 'D',   'D', 'D'),
  'partners.brandingGet':    rules('A', 'A',  'A', 'A',   'A', 'A',   'H', 'H'),
  'partners.brandingUpdate': rules('A', 'F',  'A', 'F',   'A', 'F',   'H', 'H'),

  // Alerts: everyone sees those about its branch (the alert's subject decides). Administrators at
  // every level acknowledge them; resolving by hand is for the provider's side (platform,
  // distributor, partner administrators): a tenant cannot close what its provider watches.
  'alerts.list':             rules('A', 'A',  'A', 'A',   'A', 'A',   'A', 'A'),
  'alerts.summary':          rules('A', 'A',  'A', 'A',   'A', 'A',   'A', 'A'),
  'alerts.get':              rules('A', 'A',  'A', 'A',   'A', 'A',   'A', 'A'),
  'alerts.acknowledge':      rules('A', 'F',  'A', 'F',   'A', 'F',   'A', 'F'),
  'alerts.resolve':          rules('A', 'F',  'A', 'F',   'A', 'F',   'F', 'F'),
  // Usage is read through the subscription (every role in scope). Regions and the Azure Stack
  // subscriptions on them are the platform's: unassigned usage, platform subscriptions and
  // linking one to a tenant are for platform users only.
  'subscriptions.usage':     rules('A', 'A',  'A', 'A',   'A', 'A',   'A', 'A'),
  'subscriptions.quotas':    rules('A', 'A',  'A', 'A',   'A', 'A',   'A', 'A'),
  'regions.unassignedUsage': rules('A', 'A',  'H', 'H',   'H', 'H',   'H', 'H'),
  'regions.platformSubscriptions': rules('A', 'A', 'H', 'H', 'H', 'H',  'H', 'H'),
  'subscriptions.link':      rules('A', 'F',  'H', 'H',   'H', 'H',   'H', 'H'),
  // Update Usage (seed 002): a region's for platform administrators; one subscription's also for
  // the distributor and partner administrators above it. A tenant watches its jobs, never runs them.
  'regions.collectUsage':    rules('A', 'F',  'H', 'H',   'H', 'H',   'H', 'H'),
  'subscriptions.collectUsage': rules('A', 'F', 'A', 'F', 'A', 'F',   'F', 'F'),
  // A re-pull that would lower a closed period waits for a platform administrator.
  'regions.heldPulls':       rules('A', 'A',  'H', 'H',   'H', 'H',   'H', 'H'),
  'regions.confirmHeldPull': rules('A', 'F',  'H', 'H',   'H', 'H',   'H', 'H'),
  // Regions (stamps and import sources) are the platform's: platform administrators manage them,
  // platform readers see them, and below the platform they do not exist.
  'regions.list':            rules('A', 'A',  'D', 'D',   'D', 'D',   'D', 'D'),
  'regions.get':             rules('A', 'A',  'H', 'H',   'H', 'H',   'H', 'H'),
  'regions.health':          rules('A', 'A',  'H', 'H',   'H', 'H',   'H', 'H'),
  'regions.create':          rules('A', 'D',  'D', 'D',   'D', 'D',   'D', 'D'),
  'regions.update':          rules('A', 'F',  'H', 'H',   'H', 'H',   'H', 'H'),
  'regions.delete':          rules('A', 'F',  'H', 'H',   'H', 'H',   'H', 'H'),
  'regions.testConnection':  rules('A', 'F',  'H', 'H',   'H', 'H',   'H', 'H'),
  'regions.testDraftConnection': rules('A', 'D', 'D', 'D', 'D', 'D',   'D', 'D'),

  // The meter catalog is no secret (a usage page or a price list names its meters) and the same for
  // everyone. An import source's catalog and its usage imports are the platform's, like the source:
  // its administrators change them, platform readers see the source, below the platform it does not exist.
  'meters.list':             rules('A', 'A',  'A', 'A',   'A', 'A',   'A', 'A'),
  'regionMeters.create':     rules('A', 'F',  'H', 'H',   'H', 'H',   'H', 'H'),
  'regionMeters.update':     rules('A', 'F',  'H', 'H',   'H', 'H',   'H', 'H'),
  'regionMeters.delete':     rules('A', 'F',  'H', 'H',   'H', 'H',   'H', 'H'),
  'usageImports.create':     rules('A', 'F',  'H', 'H',   'H', 'H',   'H', 'H'),

  // Plans and quotas are the regions' (the platform's): platform administrators change them
  // (written through to the region), platform readers see them, below the platform they do not
  // exist. Offers are seen by every level as far as they are published to it (public, visible to
  // its branch: a distributor or partner sells them, a tenant provisions from them); only platform
  // administrators change or publish them.
  'plans.list':              rules('A', 'A',  'D', 'D',   'D', 'D',   'D', 'D'),
  'plans.get':               rules('A', 'A',  'H', 'H',   'H', 'H',   'H', 'H'),
  'plans.create':            rules('A', 'D',  'D', 'D',   'D', 'D',   'D', 'D'),
  'plans.update':            rules('A', 'F',  'H', 'H',   'H', 'H',   'H', 'H'),
  'plans.delete':            rules('A', 'F',  'H', 'H',   'H', 'H',   'H', 'H'),
  'quotas.list':             rules('A', 'A',  'D', 'D',   'D', 'D',   'D', 'D'),
  'quotas.get':              rules('A', 'A',  'H', 'H',   'H', 'H',   'H', 'H'),
  'quotas.create':           rules('A', 'D',  'D', 'D',   'D', 'D',   'D', 'D'),
  'quotas.update':           rules('A', 'F',  'H', 'H',   'H', 'H',   'H', 'H'),
  'offers.list':             rules('A', 'A',  'A', 'A',   'A', 'A',   'A', 'A'),
  'offers.get':              rules('A', 'A',  'A', 'A',   'A', 'A',   'A', 'A'),
  'offers.create':           rules('A', 'D',  'D', 'D',   'D', 'D',   'D', 'D'),
  'offers.update':           rules('A', 'F',  'F', 'F',   'F', 'F',   'F', 'F'),
  'offers.delete':           rules('A', 'F',  'F', 'F',   'F', 'F',   'F', 'F'),
  'regions.syncOffers':      rules('A', 'F',  'H', 'H',   'H', 'H',   'H', 'H'),

  // Pricing (issue 13): price lists, their versions and items are the platform's. Platform
  // administrators manage them, platform readers see them; below the platform they do not exist
  // (a tenant's chain sees prices only through rated lines, cost to date and the calculator).
  'priceLists.list':         rules('A', 'A',  'D', 'D',   'D', 'D',   'D', 'D'),
  'priceLists.get':          rules('A', 'A',  'H', 'H',   'H', 'H',   'H', 'H'),
  'priceLists.create':       rules('A', 'D',  'D', 'D',   'D', 'D',   'D', 'D'),
  'priceLists.update':       rules('A', 'F',  'H', 'H',   'H', 'H',   'H', 'H'),
  'priceLists.delete':       rules('A', 'F',  'H', 'H',   'H', 'H',   'H', 'H'),
  'priceLists.clone':        rules('A', 'F',  'H', 'H',   'H', 'H',   'H', 'H'),
  'priceListVersions.create': rules('A', 'F', 'H', 'H',   'H', 'H',   'H', 'H'),
  'priceListVersions.get':   rules('A', 'A',  'H', 'H',   'H', 'H',   'H', 'H'),
  'priceListVersions.update': rules('A', 'F', 'H', 'H',   'H', 'H',   'H', 'H'),
  'priceListVersions.delete': rules('A', 'F', 'H', 'H',   'H', 'H',   'H', 'H'),
  'priceListVersions.activate': rules('A', 'F', 'H', 'H', 'H', 'H',   'H', 'H'),
  'priceListVersions.export': rules('A', 'A', 'H', 'H',   'H', 'H',   'H', 'H'),
  'priceListVersions.import': rules('A', 'F', 'H', 'H',   'H', 'H',   'H', 'H'),
  'priceItems.create':       rules('A', 'F',  'H', 'H',   'H', 'H',   'H', 'H'),
  'priceItems.update':       rules('A', 'F',  'H', 'H',   'H', 'H',   'H', 'H'),
  'priceItems.delete':       rules('A', 'F',  'H', 'H',   'H', 'H',   'H', 'H'),

  // Jobs: region and system jobs concern the platform and only platform users see them; a job about
  // one subscription is seen by that subscription's chain. Administrators down to the partner may
  // cancel or retry what they see (they may run such work); a tenant only watches.
  'jobs.list':               rules('A', 'A',  'A', 'A',   'A', 'A',   'A', 'A'),
  'jobs.get':                rules('A', 'A',  'A', 'A',   'A', 'A',   'A', 'A'),
  'jobs.cancel':             rules('A', 'F',  'A', 'F',   'A', 'F',   'F', 'F'),
  'jobs.retry':              rules('A', 'F',  'A', 'F',   'A', 'F',   'F', 'F'),

  // Rating: the tenant and its chain read its rated lines and cost to date (through the
  // subscription or tenant in scope); "Recalculate" is for platform administrators.
  'subscriptions.ratedLines': rules('A', 'A', 'A', 'A',   'A', 'A',   'A', 'A'),
  'tenants.ratedLines':      rules('A', 'A',  'A', 'A',   'A', 'A',   'A', 'A'),
  'subscriptions.dailyCost': rules('A', 'A',  'A', 'A',   'A', 'A',   'A', 'A'),
  'subscriptions.costToDate': rules('A', 'A', 'A', 'A',   'A', 'A',   'A', 'A'),
  'tenants.costToDate':      rules('A', 'A',  'A', 'A',   'A', 'A',   'A', 'A'),
  'rating.recalculate':      rules('A', 'D',  'D', 'D',   'D', 'D',   'D', 'D'),

  // Reports (issue 14): read-only exports over the caller's own scope (its tenants, or the tenant
  // itself), for every role; a tenant named outside the scope is not found.
  'reports.focus':           rules('A', 'A',  'A', 'A',   'A', 'A',   'A', 'A'),
  'reports.subscriptionSummary': rules('A', 'A', 'A', 'A', 'A', 'A', 'A', 'A'),
  'reports.chargeback':      rules('A', 'A',  'A', 'A',   'A', 'A',   'A', 'A'),
  'reports.reconciliation':  rules('A', 'A',  'A', 'A',   'A', 'A',   'A', 'A'),

  // Pricing tools (seed 002): price increases and the estimator are the platform's (platform
  // readers may run a model or an estimate, which write nothing; only administrators apply). The
  // calculator is for every level whose kind the Calculator Settings allow (platform users always),
  // over its own tenants' and subscriptions' applicable prices only (404 outside its branch).
  'priceIncreases.model':    rules('A', 'A',  'D', 'D',   'D', 'D',   'D', 'D'),
  'priceIncreases.apply':    rules('A', 'D',  'D', 'D',   'D', 'D',   'D', 'D'),
  'pricingTools.estimate':   rules('A', 'A',  'D', 'D',   'D', 'D',   'D', 'D'),
  'calculator.calculate':    rules('A', 'A',
    s('calculator.showToDistributors'), s('calculator.showToDistributors'),
    s('calculator.showToPartners'), s('calculator.showToPartners'),
    s('calculator.showToTenants'), s('calculator.showToTenants')),
  // Tax profiles, exchange rates, discounts and credits are the platform's (issue 13): platform
  // administrators manage them, platform readers read them, below the platform they do not exist.
  // A tenant and its chain see discounts and credits only as lines of their rated usage.
  'taxProfiles.list':        rules('A', 'A',  'D', 'D',   'D', 'D',   'D', 'D'),
  'taxProfiles.get':         rules('A', 'A',  'H', 'H',   'H', 'H',   'H', 'H'),
  'taxProfiles.create':      rules('A', 'D',  'D', 'D',   'D', 'D',   'D', 'D'),
  'taxProfiles.update':      rules('A', 'F',  'H', 'H',   'H', 'H',   'H', 'H'),
  'taxProfiles.delete':      rules('A', 'F',  'H', 'H',   'H', 'H',   'H', 'H'),
  'exchangeRates.list':      rules('A', 'A',  'D', 'D',   'D', 'D',   'D', 'D'),
  'exchangeRates.get':       rules('A', 'A',  'H', 'H',   'H', 'H',   'H', 'H'),
  'exchangeRates.create':    rules('A', 'D',  'D', 'D',   'D', 'D',   'D', 'D'),
  'exchangeRates.delete':    rules('A', 'F',  'H', 'H',   'H', 'H',   'H', 'H'),
  'discounts.list':          rules('A', 'A',  'D', 'D',   'D', 'D',   'D', 'D'),
  'discounts.get':           rules('A', 'A',  'H', 'H',   'H', 'H',   'H', 'H'),
  'discounts.create':        rules('A', 'D',  'D', 'D',   'D', 'D',   'D', 'D'),
  'discounts.update':        rules('A', 'F',  'H', 'H',   'H', 'H',   'H', 'H'),
  'discounts.delete':        rules('A', 'F',  'H', 'H',   'H', 'H',   'H', 'H'),
  'credits.list':            rules('A', 'A',  'D', 'D',   'D', 'D',   'D', 'D'),
  'credits.get':             rules('A', 'A',  'H', 'H',   'H', 'H',   'H', 'H'),
  'credits.create':          rules('A', 'D',  'D', 'D',   'D', 'D',   'D', 'D'),
  'credits.update':          rules('A', 'F',  'H', 'H',   'H', 'H',   'H', 'H'),
  'credits.delete':          rules('A', 'F',  'H', 'H',   'H', 'H',   'H', 'H'),

  // Invoices (issue 14, seed 002 "Billing Management"): administrators of the platform and of the
  // chain that owned the tenant at the start of the period generate, issue, void, credit and
  // record payments; readers of that chain read them. The tenant reads what was issued to it
  // (previews do not exist for it) and changes nothing.
  'invoices.list':           rules('A', 'A',  'A', 'A',   'A', 'A',   'A', 'A'),
  'invoices.get':            rules('A', 'A',  'A', 'A',   'A', 'A',   'A', 'A'),
  'invoices.pdf':            rules('A', 'A',  'A', 'A',   'A', 'A',   'A', 'A'),
  'invoices.emails':         rules('A', 'A',  'A', 'A',   'A', 'A',   'A', 'A'),
  'invoices.email':          rules('A', 'F',  'A', 'F',   'A', 'F',   'F', 'F'),
  'invoices.generate':       rules('A', 'D',  'A', 'D',   'A', 'D',   'D', 'D'),
  'invoices.issue':          rules('A', 'F',  'A', 'F',   'A', 'F',   'H', 'H'),
  'invoices.issueAll':       rules('A', 'D',  'A', 'D',   'A', 'D',   'D', 'D'),
  'invoices.delete':         rules('A', 'F',  'A', 'F',   'A', 'F',   'H', 'H'),
  'invoices.void':           rules('A', 'F',  'A', 'F',   'A', 'F',   'F', 'F'),
  'invoices.creditNote':     rules('A', 'F',  'A', 'F',   'A', 'F',   'F', 'F'),
  'invoices.payments':       rules('A', 'A',  'A', 'A',   'A', 'A',   'A', 'A'),
  'invoices.recordPayment':  rules('A', 'F',  'A', 'F',   'A', 'F',   'F', 'F'),
};

/**
 * What a session that has not finished signing in may reach: only the operations that complete
 * the current step, who-am-I and sign-out. Everything else answers 403 sign_in_incomplete, so an
 * "MFA Required" user reaches nothing before enrolling.
 */
export const STAGE_ROUTES: Record<Exclude<SessionStage, 'active'>, readonly string[]> = {
  mfa: ['auth.me', 'auth.signOut', 'mfa.verify'],
  password_change: ['auth.me', 'auth.signOut', 'auth.changePassword'],
  mfa_enrolment: ['auth.me', 'auth.signOut', 'mfa.enrolmentStart', 'mfa.enrolmentConfirm'],
};
