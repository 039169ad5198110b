import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Scope } from '../src/context.ts';
import type { Database } from '../src/db/schema.ts';
import { chainColumn, visibleIds } from '../src/tenancy/scope.ts';

/**
 * The scope rule's small parts. What it lets each actor see is checked end to end by the security
 * suite; these pin what that suite cannot reach on SQLite.
 */
const scope = (level: Scope['level'], orgId: string): Scope => ({
  level,
  orgId,
  distributorId: null,
  partnerId: null,
  tenantId: null,
});

describe('the scope rule', () => {
  it('scopes each level by its own chain column, and the platform by none', () => {
    expect(chainColumn(scope('platform', 'org_x'))).toBeNull();
    expect(chainColumn(scope('distributor', 'org_d'))).toBe('distributor_id');
    expect(chainColumn(scope('partner', 'org_p'))).toBe('partner_id');
    expect(chainColumn(scope('tenant', 'org_t'))).toBe('tenant_id');
  });

  it('asks the database nothing about no ids: `IN ()` is a syntax error on MySQL and PostgreSQL', async () => {
    const noQueries = {
      selectFrom() {
        throw new Error('queried the database for an empty id list');
      },
    } as unknown as Kysely<Database>;
    const visible = await visibleIds(noQueries, 'users', scope('tenant', 'org_t'), []);
    expect(visible).toEqual(new Set());
  });
});
