import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api/errors.ts';
import type { Me } from '../../src/api/types.ts';
import { access, navigationFor, safeNext } from '../../src/app/access.ts';
import { DEFAULT_LABELS, relabel } from '../../src/app/labels.ts';
import { formProblem } from '../../src/components/forms.tsx';
import { initialValues, renameField, toBody } from '../../src/components/organisation/OrganisationForm.tsx';

/** The portal's pure rules: who sees which page, where `next` may lead, how forms become API bodies. */
function me(kind: Me['organisation']['kind'], role: 'admin' | 'reader', allowed: string[]): Me {
  return {
    user: {
      id: 'usr_1',
      orgId: 'org_1',
      level: kind,
      role,
      email: 'x@example.test',
      firstName: 'X',
      lastName: 'Y',
      phone: null,
      mfaRequired: false,
      mfaEnabled: false,
      federatedOnly: false,
      disabled: false,
      lockedOut: false,
      lastSignInAt: null,
      createdAt: '',
      updatedAt: '',
    },
    organisation: { id: 'org_1', kind, name: 'Org' },
    roleKey: `${kind}_${role}`,
    authenticatedBy: 'session',
    stage: 'active',
    permissions: Object.fromEntries(allowed.map((op) => [op, true])),
  } as Me;
}

const EVERYTHING = [
  'distributors.list',
  'distributors.create',
  'partners.list',
  'partners.create',
  'tenants.list',
  'tenants.create',
  'subscriptions.list',
  'settings.list',
  'users.list',
  'apiTokens.list',
  'audit.list',
  'alerts.list',
  'jobs.list',
  'emailLog.list',
  'invoices.list',
  'invoices.generate',
  'reports.chargeback',
  'reports.subscriptionSummary',
];

describe('navigation', () => {
  it('offers a platform administrator every group of the seeds', () => {
    const groups = navigationFor(me('platform', 'admin', EVERYTHING));
    expect(groups.map((g) => [g.label, g.items.map((i) => i.label)])).toEqual([
      ['Relationships', ['Distributors', 'Partners', 'Tenants']],
      ['Administration', ['Subscriptions', 'System Settings', 'Alerts', 'Jobs', 'E-mail Log']],
      ['Billing', ['Invoices', 'Reports']],
      ['Settings', ['Users', 'API tokens', 'Audit log']],
    ]);
  });

  it('lists only the levels below the user and only what its permissions allow', () => {
    const partner = me(
      'partner',
      'admin',
      EVERYTHING.filter((op) => !op.startsWith('distributors') && op !== 'settings.list'),
    );
    // The e-mail log is the platform's page, though a partner may read its own part through the API.
    expect(navigationFor(partner).flatMap((g) => g.items.map((i) => i.to))).toEqual([
      '/tenants',
      '/subscriptions',
      '/alerts',
      '/jobs',
      '/invoices',
      '/reports',
      '/users',
      '/api-tokens',
      '/audit',
    ]);
    const tenant = me('tenant', 'reader', [
      'tenants.list',
      'subscriptions.list',
      'users.list',
      'apiTokens.list',
      'audit.list',
      'invoices.list',
    ]);
    expect(navigationFor(tenant).map((g) => g.label)).toEqual(['Administration', 'Billing', 'Settings']);
    expect(access.invoiceGenerate(tenant)).toBe(false);
    expect(access.invoiceIssueAll(tenant)).toBe(false);
    expect(access.tenants(tenant)).toBe(false);
    expect(access.tenantCreate(me('partner', 'admin', ['tenants.list']))).toBe(false);
  });
});

describe('safeNext', () => {
  it('follows only paths of this portal', () => {
    expect(safeNext('/tenants?q=a')).toBe('/tenants?q=a');
    expect(safeNext(null)).toBe('/');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext('//evil.example')).toBe('/');
    expect(safeNext('/\\evil.example')).toBe('/');
    expect(safeNext('/sign-in')).toBe('/');
  });
});

describe('organisation form', () => {
  it('maps the API field paths onto the form', () => {
    expect(renameField('body.administrators.0.email')).toBe('administrators.0.email');
    expect(renameField('body.addAdministrators.1.firstName')).toBe('administrators.1.firstName');
    expect(renameField('body.partnerId')).toBe('parentId');
    expect(renameField('body.address.country')).toBe('address.country');
  });

  it('sends empty optional text as null, the parent only above its level, new administrators on edit', () => {
    const values = initialValues('tenant', 'create');
    values.name = '  Adatum ';
    values.parentId = 'ptn_1';
    values.address.country = 'AU';
    values.administrators = [
      { firstName: 'A', lastName: 'B', email: 'a@b.test', phone: '', initialPassword: '' },
    ];
    const platform = me('platform', 'admin', EVERYTHING);
    expect(toBody('tenant', 'create', values, platform)).toMatchObject({
      name: 'Adatum',
      partnerId: 'ptn_1',
      contact: { name: null, email: null, phone: null },
      address: { country: 'AU', city: null },
      billingMode: 'chargeback',
      paymentTermsDays: null,
      administrators: [{ firstName: 'A', lastName: 'B', email: 'a@b.test' }],
    });
    expect(toBody('tenant', 'create', values, me('partner', 'admin', EVERYTHING))).not.toHaveProperty(
      'partnerId',
    );
    const edit = initialValues('tenant', 'edit');
    expect(toBody('tenant', 'edit', edit, platform)).not.toHaveProperty('addAdministrators');
  });
});

describe('relabel', () => {
  const labels = {
    ...DEFAULT_LABELS,
    tenant: { singular: 'Department', plural: 'Departments' },
    partner: { singular: 'IT Unit', plural: 'IT Units' },
  };

  it('puts the operator’s nouns into text written with the default ones, keeping capitals', () => {
    expect(relabel('Allow partner administrators to create tenants under their partner.', labels)).toBe(
      'Allow IT unit administrators to create departments under their IT unit.',
    );
    expect(relabel('Default Tenant Currency', labels)).toBe('Default Department Currency');
    expect(relabel('Tenant Self Provisioning for subscriptions', labels)).toBe(
      'Department Self Provisioning for subscriptions',
    );
  });

  it('leaves other words and the default nouns’ look-alikes alone', () => {
    expect(relabel('Partnership with tenantless ids like ten_01abc', labels)).toBe(
      'Partnership with tenantless ids like ten_01abc',
    );
    expect(relabel('Allow partner administrators', DEFAULT_LABELS)).toBe('Allow partner administrators');
  });
});

describe('what a refused form shows above its buttons', () => {
  it('does not repeat a message that shows on its field: the refusal’s own sentence instead', () => {
    const codeRefused = new ApiError(401, {
      title: 'Unauthorized',
      status: 401,
      code: 'activation_code_required',
      detail: 'Enter the activation code your administrator gave you.',
      errors: [{ field: 'body.activationCode', message: 'Not valid.' }],
    });
    expect(formProblem(codeRefused, [])).toEqual({
      message: 'Enter the activation code your administrator gave you.',
      details: [],
    });
    const pathOnly = new ApiError(422, {
      title: 'Unprocessable',
      status: 422,
      code: 'invalid_request',
      detail: 'body.currentPassword: Not your current password.',
      errors: [{ field: 'body.currentPassword', message: 'Not your current password.' }],
    });
    expect(formProblem(pathOnly, [])).toEqual({ message: 'Check the highlighted fields.', details: [] });
  });
});
