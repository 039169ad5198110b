import { describe, expect, it } from 'vitest';
import { stepOfField, wizardSteps } from '../../src/pages/subscriptions/SubscriptionCreatePage.tsx';

/** The subscription create wizard: which steps a viewer walks, and where a refused field sends it. */
describe('wizardSteps', () => {
  it('asks for the tenant only above a tenant, and for the offer only from those who may list offers', () => {
    expect(wizardSteps(true, true)).toEqual(['tenant', 'offer', 'details', 'review']);
    expect(wizardSteps(false, true)).toEqual(['offer', 'details', 'review']);
    expect(wizardSteps(true, false)).toEqual(['tenant', 'details', 'review']);
    expect(wizardSteps(false, false)).toEqual(['details', 'review']);
  });
});

describe('stepOfField', () => {
  it('sends a refused field back to the step that holds it', () => {
    expect(stepOfField('tenantId')).toBe('tenant');
    expect(stepOfField('directoryId')).toBe('details');
    expect(stepOfField('initialOwner')).toBe('details');
    expect(stepOfField('name')).toBe('details');
    // The offer's refusal is shown on the review, where it was sent.
    expect(stepOfField('offerId')).toBeNull();
  });
});
