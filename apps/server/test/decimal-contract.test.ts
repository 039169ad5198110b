import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  decimalSetting,
  parseSettingText,
  type SettingDefinition,
} from '../src/modules/settings/settings.registry.ts';
import { decimalString } from '../src/modules/shared.schema.ts';

/** The first issue of a failed parse, or null when the value is accepted. */
function refusal(
  schema: { safeParse(v: unknown): { success: boolean; error?: { issues: { message: string }[] } } },
  value: unknown,
) {
  const result = schema.safeParse(value);
  return result.success ? null : (result.error?.issues[0]?.message ?? 'refused');
}

describe('decimalString: money and quantities in the contract', () => {
  const amount = decimalString({ places: 6, nonNegative: true });
  const signed = decimalString({ places: 2 });

  it.each(['0', '12', '12.5', '12.500000', '0.000001', '123456789012345678901234567890'])(
    'accepts %s',
    (v) => {
      expect(amount.parse(v)).toBe(v);
    },
  );

  it.each([
    [12.5, 'Must be text.'],
    ['1e3', 'plain notation'],
    ['+3', 'plain notation'],
    [' 12', 'plain notation'],
    ['12 ', 'plain notation'],
    ['1,000.00', 'plain notation'],
    ['012', 'plain notation'],
    ['.5', 'plain notation'],
    ['5.', 'plain notation'],
    ['0x10', 'plain notation'],
    ['', 'plain notation'],
    ['1.0000001', 'At most 6 decimal places.'],
    ['-1', 'Must not be negative.'],
  ])('refuses %j', (v, message) => {
    expect(refusal(amount, v)).toContain(message);
  });

  it('keeps negative values where the field allows them, and counts places exactly', () => {
    expect(signed.parse('-0.25')).toBe('-0.25');
    expect(refusal(signed, '-0.255')).toBe('At most 2 decimal places.');
    expect(refusal(decimalString({ places: 0 }), '1.5')).toBe('A whole number, without decimal places.');
  });
});

describe('decimal settings', () => {
  const schema = decimalSetting({ places: 4, min: '0', max: '100' });

  it('compares the bounds exactly, not as floats', () => {
    expect(schema.parse('100')).toBe('100');
    expect(schema.parse('0')).toBe('0');
    expect(refusal(schema, '100.0001')).toBe('At most 100.');
    expect(refusal(schema, '-0.0001')).toBe('At least 0.');
    // 0.1 + 0.2 style: a float comparison would let 100.00000000000001 pass as 100.
    expect(refusal(decimalSetting({ places: 20, min: '0', max: '100' }), '100.00000000000001')).toBe(
      'At most 100.',
    );
  });

  it('is read from its environment text as typed', () => {
    const definition: SettingDefinition = {
      key: 'test.rate',
      group: 'platform',
      label: 'Rate',
      description: '',
      type: 'decimal',
      schema,
      defaultValue: '1',
    };
    expect(parseSettingText(definition, '12.50')).toBe('12.50');
    expect(() => parseSettingText(definition, '1e1')).toThrow(/plain notation/);
  });
});

describe('integer settings from the environment', () => {
  const definition: SettingDefinition = {
    key: 'test.count',
    group: 'platform',
    label: 'Count',
    description: '',
    type: 'integer',
    schema: z.number().int().min(0).max(1000) as SettingDefinition['schema'],
    defaultValue: 1,
  };

  it('takes plain decimal digits', () => {
    expect(parseSettingText(definition, '12')).toBe(12);
  });

  it.each(['0x10', '1e1', '+3', '0b11', ' 12 ', '', '12.0'])('refuses %j', (text) => {
    expect(() => parseSettingText(definition, text)).toThrow(/whole number/);
  });
});
