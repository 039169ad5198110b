import type { Kysely } from 'kysely';
import type { AnyContext, AppContext, RequestContext, Scope, SystemContext } from '../../context.ts';
import { decryptSecret, encryptSecret, MASKED_SECRET } from '../../crypto/secrets.ts';
import { PLATFORM_ORG_ID } from '../../db/ids.ts';
import type { Database } from '../../db/schema.ts';
import { nowIso } from '../../db/time.ts';
import { transaction } from '../../db/transaction.ts';
import { AppError, type FieldError } from '../../http/errors.ts';
import { holdOrganisation } from '../../tenancy/chain.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { removeLogos, storeLogo } from '../branding/logo-store.ts';
import { holdTaxProfile } from '../taxes/tax-profile-hold.ts';
import {
  ImageSettingUpload,
  parseSettingText,
  SETTING_CHECKS,
  SETTING_GROUPS,
  SETTINGS,
  type SettingType,
  type SettingValue,
  settingDefinition,
  settingEnvName,
} from './settings.registry.ts';
import { findSettingValue, listSettingRows, saveSetting } from './settings.repository.ts';

const PLATFORM_SCOPE: Scope = {
  level: 'platform',
  orgId: PLATFORM_ORG_ID,
  distributorId: null,
  partnerId: null,
  tenantId: null,
};

/**
 * Settings are read from the database on every use (a primary-key lookup), never cached in the
 * process, so a change takes effect at once in every server process.
 */
export async function getSetting(
  ctx: AnyContext | AppContext,
  key: string,
  /** The transaction to read in, when the caller holds one (SQLite has a single connection). */
  db?: Kysely<Database>,
): Promise<SettingValue> {
  const app = 'app' in ctx ? ctx.app : ctx;
  const definition = settingDefinition(key);
  if (!definition) {
    throw new Error(`Unknown setting ${key}`);
  }
  const stored = await findSettingValue(db ?? app.db.kysely, key);
  const value = stored !== undefined ? (JSON.parse(stored) as SettingValue) : definition.defaultValue;
  // A secret is stored encrypted: server code gets the plaintext here, the API never does.
  return definition.type === 'secret' && typeof value === 'string' && value !== ''
    ? decryptSecret(app.encryptionKey, value)
    : value;
}

/** The stored form of a value: secrets are encrypted with the process key ('' stays '', "not set"). */
function storedForm(app: AppContext, type: SettingType, value: SettingValue): string {
  return JSON.stringify(
    type === 'secret' && value !== '' ? encryptSecret(app.encryptionKey, String(value)) : value,
  );
}

/** The plaintext of a stored secret, or null when it cannot be read (e.g. the key changed). */
function storedSecret(app: AppContext, stored: string | undefined): string | null {
  if (stored === undefined) return '';
  const value = JSON.parse(stored) as SettingValue;
  if (typeof value !== 'string' || value === '') return '';
  try {
    return decryptSecret(app.encryptionKey, value);
  } catch {
    return null;
  }
}

export async function listSettings(ctx: AnyContext) {
  const rows = await listSettingRows(ctx.app.db.kysely);
  const stored = new Map(rows.map((r) => [r.key, r]));
  return {
    groups: SETTING_GROUPS.map((group) => ({
      id: group.id,
      label: group.label,
      settings: SETTINGS.filter((s) => s.group === group.id).map((s) => {
        const row = stored.get(s.key);
        return {
          key: s.key,
          label: s.label,
          description: s.description,
          type: s.type,
          // A secret shows only whether it is set, never its value (not even encrypted).
          value:
            s.type === 'secret'
              ? row && JSON.parse(row.value) !== ''
                ? MASKED_SECRET
                : ''
              : row
                ? (JSON.parse(row.value) as SettingValue)
                : s.defaultValue,
          defaultValue: s.defaultValue,
          options: s.options ? [...s.options] : undefined,
          references: s.references,
          updatedAt: row?.updated_at ?? null,
        };
      }),
    })),
  };
}

/**
 * What another module does in the same transaction when a setting's value changes (e.g. a schedule
 * that should exist only while the setting is on). Registered by that module, which may import this
 * one (this one imports none of them).
 */
export type SettingChangeHook = (
  trx: Kysely<Database>,
  ctx: RequestContext | SystemContext,
  value: SettingValue,
) => Promise<void>;

const CHANGE_HOOKS = new Map<string, SettingChangeHook[]>();

/**
 * Adds a hook to a setting key; several modules may follow one key (the Platform Time Zone moves
 * more than one schedule), and they run in registration order. Each module registers once per
 * process (its register function is guarded), so a hook is never added twice.
 */
export function onSettingChange(key: string, hook: SettingChangeHook): void {
  CHANGE_HOOKS.set(key, [...(CHANGE_HOOKS.get(key) ?? []), hook]);
}

/**
 * The value an image setting stores: a new upload's logo id (the picture it replaces is deleted),
 * '' to remove it, or the current id to keep it (any other id would adopt a picture someone else
 * uploaded, so it is refused).
 */
async function storedImage(
  trx: Kysely<Database>,
  ctx: RequestContext | SystemContext,
  key: string,
  value: SettingValue | ImageSettingUpload,
  before: string | undefined,
): Promise<SettingValue> {
  const current = before !== undefined ? String(JSON.parse(before)) : '';
  if (typeof value === 'string' && value !== '' && value !== current) {
    throw AppError.invalidField(
      `body.values.${key}`,
      'Not the current image: upload a new one, send "" to remove it, or its current id to keep it.',
    );
  }
  let next = String(value);
  if (typeof value === 'object') {
    const stored = await storeLogo(trx, {
      orgId: PLATFORM_ORG_ID,
      contentType: value.contentType,
      bytes: Buffer.from(value.data, 'base64'),
      createdAt: nowIso(ctx.app.clock),
    });
    next = stored.id;
  }
  if (current !== '' && current !== next) await removeLogos(trx, [current]);
  return next;
}

/** Validates every value first; writes all of them (and their audit rows) in one transaction. */
export async function updateSettings(ctx: RequestContext | SystemContext, values: Record<string, unknown>) {
  const errors: FieldError[] = [];
  const parsed: [string, SettingValue | ImageSettingUpload][] = [];
  for (const [key, value] of Object.entries(values)) {
    const definition = settingDefinition(key);
    if (!definition) {
      errors.push({ field: `body.values.${key}`, message: 'Unknown setting.' });
      continue;
    }
    // An image setting takes an upload (an object) or its stored form (a string).
    const result = (
      definition.type === 'image' && typeof value === 'object' && value !== null
        ? ImageSettingUpload
        : definition.schema
    ).safeParse(value);
    if (!result.success) {
      const issue = result.error.issues[0];
      errors.push({
        // An upload's field inside the value (e.g. `.data`) is named too.
        field: ['body', 'values', key, ...(issue?.path ?? [])].join('.'),
        message: issue?.message ?? 'Invalid value.',
      });
      continue;
    }
    parsed.push([key, result.data]);
  }
  if (errors.length > 0) {
    throw new AppError('validation_failed', `${errors[0]!.field}: ${errors[0]!.message}`, errors);
  }
  await transaction(ctx.app.db, async (trx) => {
    // A referenced tenant stays live until the commit (held like a chain copy holds its owner).
    // A referenced tax profile likewise (its delete, which locks it, waits and then sees the setting).
    const missing: FieldError[] = [];
    for (const [key, value] of parsed) {
      const references = settingDefinition(key)!.references;
      if (references === undefined || value === '') continue;
      if (
        references === 'tenant' &&
        !(await holdOrganisation(trx, PLATFORM_SCOPE, String(value), 'tenant'))
      ) {
        missing.push({ field: `body.values.${key}`, message: 'No such tenant.' });
      }
      if (references === 'taxProfile' && !(await holdTaxProfile(trx, String(value)))) {
        missing.push({ field: `body.values.${key}`, message: 'No such tax profile.' });
      }
    }
    if (missing.length > 0) {
      throw new AppError('validation_failed', `${missing[0]!.field}: ${missing[0]!.message}`, missing);
    }
    for (const [key, input] of parsed) {
      const before = await findSettingValue(trx, key);
      const value =
        settingDefinition(key)!.type === 'image'
          ? await storedImage(trx, ctx, key, input, before)
          : (input as SettingValue);
      const beforeValue = before !== undefined ? JSON.parse(before) : settingDefinition(key)!.defaultValue;
      const secret = settingDefinition(key)!.type === 'secret';
      if (secret) {
        // The portal sends the mask back for "unchanged"; encryption is randomised, so compare
        // plaintexts to skip a no-op (and its audit row).
        if (value === MASKED_SECRET || storedSecret(ctx.app, before) === value) continue;
      } else if (before !== undefined && before === JSON.stringify(value)) continue;
      const row = {
        key,
        value: storedForm(ctx.app, settingDefinition(key)!.type, value),
        updated_at: nowIso(ctx.app.clock),
        updated_by: ctx.actor?.userId ?? null,
      };
      await saveSetting(trx, row, before !== undefined);
      for (const hook of CHANGE_HOOKS.get(key) ?? []) await hook(trx, ctx, value);
      await recordAudit(trx, ctx, {
        action: 'setting.update',
        targetType: 'setting',
        targetId: key,
        orgId: PLATFORM_ORG_ID,
        // A secret's audit row says that it changed, never a value (not even the ciphertext).
        ...(secret ? { after: { changed: true } } : { before: { value: beforeValue }, after: { value } }),
      });
    }
    await checkBetweenSettings(trx, new Set(parsed.map(([key]) => key)));
  });
  return listSettings(ctx);
}

/**
 * The rules between settings (SETTING_CHECKS) that a save touches, against the values it leaves:
 * a broken one throws, and the caller's transaction writes nothing.
 */
async function checkBetweenSettings(trx: Kysely<Database>, saved: Set<string>): Promise<void> {
  for (const rule of SETTING_CHECKS) {
    if (!rule.keys.some((key) => saved.has(key))) continue;
    const values = new Map<string, SettingValue>();
    for (const key of rule.keys) {
      const definition = settingDefinition(key)!;
      const stored = await findSettingValue(trx, key);
      const value = stored === undefined ? definition.defaultValue : (JSON.parse(stored) as SettingValue);
      // A secret is only known to be set or not: its value is never decrypted for a rule.
      values.set(key, definition.type === 'secret' && value !== '' ? MASKED_SECRET : value);
    }
    const problem = rule.check((key) => {
      if (!values.has(key)) throw new Error(`A setting check reads ${key}, which it does not list`);
      return values.get(key)!;
    });
    if (problem) {
      const field = `body.values.${problem.key}`;
      throw new AppError('validation_failed', `${field}: ${problem.message}`, [
        { field, message: problem.message },
      ]);
    }
  }
}

/**
 * Pre-seeds settings from CMS_SETTING_* variables for automated deployments: a value is written
 * only while the key has never been set, so the portal stays the place where settings change.
 */
export async function seedSettingsFromEnvironment(app: AppContext): Promise<void> {
  const byEnvName = new Map(SETTINGS.map((s) => [settingEnvName(s.key).slice('CMS_SETTING_'.length), s]));
  for (const [name, text] of Object.entries(app.config.settingSeeds)) {
    const definition = byEnvName.get(name);
    if (!definition) {
      throw new Error(`CMS_SETTING_${name} does not name a setting`);
    }
    let value: SettingValue;
    try {
      value = parseSettingText(definition, text);
    } catch (error) {
      throw new Error(`CMS_SETTING_${name}: ${(error as Error).message}`);
    }
    if ((await findSettingValue(app.db.kysely, definition.key)) === undefined) {
      await saveSetting(
        app.db.kysely,
        {
          key: definition.key,
          value: storedForm(app, definition.type, value),
          updated_at: nowIso(app.clock),
          updated_by: null,
        },
        false,
      );
    }
  }
}
