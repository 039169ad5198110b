import { type RawBuilder, sql } from 'kysely';
import type { DialectName } from '../database.ts';

type ColumnType = 'text' | `varchar(${number})` | RawBuilder<unknown>;

export interface ColumnTypes {
  id: ColumnType;
  timestamp: ColumnType;
  text: ColumnType;
  /** Exact decimal: DECIMAL(p,s) where the engine has one, TEXT on SQLite (REAL affinity would round). */
  decimal(precision: number, scale: number): ColumnType;
}

/**
 * Column types that mean the same on every engine. Kept beside the migrations and frozen with
 * them: a migration must produce the same schema forever, whatever the app code becomes.
 */
export function columnTypes(dialect: DialectName): ColumnTypes {
  return {
    // ids are ASCII; binary collation on MySQL keeps comparisons exact and indexes compact.
    id: dialect === 'mysql' ? sql`varchar(40) character set ascii collate ascii_bin` : 'varchar(40)',
    timestamp: 'varchar(24)',
    text: dialect === 'mysql' ? sql`mediumtext` : 'text',
    decimal: (precision, scale) =>
      dialect === 'sqlite' ? 'text' : sql.raw(`decimal(${precision}, ${scale})`),
  };
}
