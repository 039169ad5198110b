import type { Kysely } from 'kysely';
import type { Database, SettingTable } from '../../db/schema.ts';

/** The stored JSON text of a setting, or undefined while it has never been set. */
export async function findSettingValue(db: Kysely<Database>, key: string): Promise<string | undefined> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

export function listSettingRows(db: Kysely<Database>): Promise<SettingTable[]> {
  return db.selectFrom('settings').selectAll().execute();
}

/** Writes a setting's stored form: an update when it has been set before, else an insert. */
export async function saveSetting(db: Kysely<Database>, row: SettingTable, exists: boolean): Promise<void> {
  if (exists) {
    const { key, ...changes } = row;
    await db.updateTable('settings').set(changes).where('key', '=', key).execute();
  } else {
    await db.insertInto('settings').values(row).execute();
  }
}
