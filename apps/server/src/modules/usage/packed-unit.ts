import type { UsageRecordTable } from '../../db/schema.ts';
import type { PreparedUnit, UnitRows } from './prepare.ts';

/**
 * A prepared unit as it crosses from the pulling thread to the storing one (pull-thread.ts). A
 * structured clone copies every string of every row: a window of 3,000 rows arrived as ~45,000
 * strings, most of them repeats (region, window, subscription, meter, usage hours, SKU, location,
 * and each resource's URI, tags and details once per meter). The storing thread holds a window
 * for the whole of its writes, longer on PostgreSQL and MariaDB (one network round trip per
 * statement) than a young-generation collection lasts, so those copies were promoted and piled up
 * in the old generation between full collections: the collector's peak memory grew with the
 * length of the run. Packed, each distinct value crosses once and the rows only point at it.
 */
export interface PackedUnit {
  unit: Omit<PreparedUnit, 'rows'>;
  /** Distinct cell values of the packed columns; index 0 is null. */
  values: (string | null)[];
  /** Row-major indexes into `values`, PACKED_COLUMNS.length per row. */
  cells: Uint32Array;
  /** record_key of each row: unique per row, so never worth a table entry. */
  keys: string[];
}

const PACKED_COLUMNS = [
  'region_id',
  'reported_window',
  'azs_subscription_id',
  'meter_id',
  'resource_uri',
  'usage_start',
  'usage_end',
  'quantity',
  'raw_quantity',
  'sku',
  'location',
  'tags',
  'additional_info',
  'first_job_id',
  'first_collected_at',
  'collected_at',
] as const satisfies readonly Exclude<keyof UsageRecordTable, 'record_key'>[];

export function packUnit(prepared: PreparedUnit): PackedUnit {
  const { rows, ...unit } = prepared;
  const values: (string | null)[] = [null];
  const index = new Map<string, number>();
  const cells = new Uint32Array(rows.length * PACKED_COLUMNS.length);
  const keys: string[] = new Array(rows.length);
  let c = 0;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    keys[r] = row.record_key;
    for (const column of PACKED_COLUMNS) {
      const value = row[column];
      if (value === null) {
        cells[c++] = 0;
        continue;
      }
      let at = index.get(value);
      if (at === undefined) {
        at = values.length;
        values.push(value);
        index.set(value, at);
      }
      cells[c++] = at;
    }
  }
  return { unit, values, cells, keys };
}

/**
 * The unit with its rows still packed: each `slice` builds the row objects of one batch only.
 * Built for the whole window at once, the 3,000-odd rows lived through all of its inserts; on
 * MariaDB and PostgreSQL that spans young-generation collections (the statements wait on network
 * round trips), so nearly every window's row objects were promoted and, held as garbage in the old
 * generation until the next full collection, made the collector's peak memory grow with the
 * length of the run. A batch's rows die with its statement.
 */
export function unpackUnit(packed: PackedUnit): PreparedUnit<UnitRows> {
  const { values, cells, keys } = packed;
  const rows: UnitRows = {
    length: keys.length,
    slice(start, end) {
      const to = Math.min(end, keys.length);
      const batch: UsageRecordTable[] = new Array(Math.max(to - start, 0));
      let c = start * PACKED_COLUMNS.length;
      for (let r = start; r < to; r++) {
        // One literal, so every row gets the same hidden class (and the same field order as prepare.ts).
        batch[r - start] = {
          region_id: values[cells[c]!] as string,
          reported_window: values[cells[c + 1]!] as string,
          azs_subscription_id: values[cells[c + 2]!] as string,
          record_key: keys[r]!,
          meter_id: values[cells[c + 3]!] as string,
          resource_uri: values[cells[c + 4]!] as string,
          usage_start: values[cells[c + 5]!] as string,
          usage_end: values[cells[c + 6]!] as string,
          quantity: values[cells[c + 7]!] as string,
          raw_quantity: values[cells[c + 8]!] as string,
          sku: values[cells[c + 9]!] as string | null,
          location: values[cells[c + 10]!] as string | null,
          tags: values[cells[c + 11]!] as string | null,
          additional_info: values[cells[c + 12]!] as string | null,
          first_job_id: values[cells[c + 13]!] as string | null,
          first_collected_at: values[cells[c + 14]!] as string,
          collected_at: values[cells[c + 15]!] as string,
        };
        c += PACKED_COLUMNS.length;
      }
      return batch;
    },
  };
  return { ...packed.unit, rows };
}
