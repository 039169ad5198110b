import { type Decimal, decimal, toDecimalString } from '@cms/billing';
import type { Kysely } from 'kysely';
import type { SystemContext } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { transaction } from '../../db/transaction.ts';
import { raiseAlert, resolveAlerts } from '../alerts/alerts.service.ts';
import { getSetting } from '../settings/settings.service.ts';
import { quotaSubjectsOnRegion } from '../subscriptions/quota-subjects.service.ts';
import { measureSubscription } from './quota-usage.service.ts';

const ZERO = decimal('0');
const ONE_HUNDRED = decimal('100');

export const QUOTA_ALERT_KIND = 'subscriptions.quota_threshold';

/** The thresholds of "Quota Alert Thresholds": distinct whole percentages, ascending. */
export function parseThresholds(value: string): number[] {
  if (value.trim() === '') return [];
  return [...new Set(value.split(',').map((p) => Number(p.trim())))].sort((a, b) => a - b);
}

/**
 * Whether consumption reaches a percentage of a limit, compared exactly (consumption × 100 ≥
 * threshold × limit). Nothing consumed reaches nothing, so a limit of 0 alerts only once used.
 */
export function reaches(consumption: Decimal, limit: number, thresholdPercent: number): boolean {
  return (
    consumption.gt(ZERO) &&
    consumption.times(ONE_HUNDRED).gte(decimal(String(limit)).times(decimal(String(thresholdPercent))))
  );
}

interface Crossing {
  key: string;
  subscriptionId: string;
  title: string;
  message: string;
  threshold: number;
  details: Record<string, unknown>;
}

/**
 * Quota threshold alerts of a region's subscriptions, after a usage collection of the region:
 * every tracked effective quota of every subscription created from an offer (per provider and
 * property, the limits of its base and add-on plans summed: quota-usage.service) is measured and,
 * for each threshold of the setting, the condition (subscription, provider, property, threshold)
 * holds while consumption reaches it. A condition that holds is raised (one
 * open alert per condition: a later evaluation updates it, consumption and occurrences); every
 * open one of the region that no longer holds (consumption back below, a threshold taken out of
 * the setting, a subscription gone) is resolved by the system. `write` runs the one transaction:
 * a job passes its fenced one, so a worker that lost its lease writes nothing.
 */
export async function evaluateQuotaAlerts(
  ctx: SystemContext,
  regionId: string,
  write: <T>(work: (trx: Kysely<Database>) => Promise<T>) => Promise<T> = (work) =>
    transaction(ctx.app.db, work),
): Promise<{ holding: number; resolved: number }> {
  const thresholds = parseThresholds(String(await getSetting(ctx, 'subscriptions.quotaAlertThresholds')));
  const crossings: Crossing[] = [];
  for (const subject of await quotaSubjectsOnRegion(ctx.app, regionId)) {
    const measured = await measureSubscription(ctx.app, subject);
    for (const quota of measured.quotas) {
      if (quota.consumption === null) continue;
      for (const threshold of thresholds) {
        if (!reaches(quota.consumption, quota.limit, threshold)) continue;
        const used = toDecimalString(quota.consumption);
        const from = quota.contributions.map((c) => `"${c.quotaName}"`).join(' + ');
        crossings.push({
          // Per provider and property: the effective limit sums the quotas of several plans.
          key: `${regionId}:${subject.id}:${quota.provider.toLowerCase()}:${quota.property}:${threshold}`,
          subscriptionId: subject.id,
          threshold,
          title: `${subject.name}: ${quota.property} at ${threshold}% of its quota`,
          message:
            `Subscription "${subject.name}" uses ${used} of ${quota.limit} ${quota.unit} (${quota.property} ` +
            `of ${quota.provider}, quotas ${from} of its plans), at or above ${threshold}%, in the hour from ` +
            `${measured.window?.start ?? '?'}. ${quota.explanation}`,
          details: {
            subscriptionId: subject.id,
            provider: quota.provider,
            property: quota.property,
            limit: quota.limit,
            contributions: quota.contributions,
            consumption: used,
            threshold,
            window: measured.window,
          },
        });
      }
    }
  }
  return write(async (trx) => {
    for (const crossing of crossings) {
      await raiseAlert(trx, ctx, {
        kind: QUOTA_ALERT_KIND,
        key: crossing.key,
        severity: crossing.threshold >= 100 ? 'critical' : 'warning',
        title: crossing.title,
        message: crossing.message,
        details: crossing.details,
        regionId,
        subscriptionId: crossing.subscriptionId,
      });
    }
    const resolved = await resolveAlerts(trx, ctx, {
      kind: QUOTA_ALERT_KIND,
      keyPrefix: `${regionId}:`,
      except: new Set(crossings.map((c) => c.key)),
    });
    return { holding: crossings.length, resolved };
  });
}
