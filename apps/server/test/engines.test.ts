import { describe, expect, it } from 'vitest';
import { wantedEngines } from './support/global-setup.ts';

describe('which engines a run asks for', () => {
  it('every engine by default', () => {
    expect(wantedEngines({})).toEqual(['sqlite', 'mysql', 'postgres']);
  });

  it('CMS_TEST_ENGINES narrows a local run', () => {
    expect(wantedEngines({ CMS_TEST_ENGINES: 'sqlite' })).toEqual(['sqlite']);
    expect(wantedEngines({ CMS_TEST_ENGINES: 'mysql, postgres' })).toEqual(['mysql', 'postgres']);
  });

  it('under CI=true CMS_TEST_ENGINES cannot narrow: every engine runs', () => {
    expect(wantedEngines({ CI: 'true', CMS_TEST_ENGINES: 'sqlite' })).toEqual([
      'sqlite',
      'mysql',
      'postgres',
    ]);
  });

  it('refuses an engine it does not know (a typo would otherwise skip engines silently)', () => {
    expect(() => wantedEngines({ CMS_TEST_ENGINES: 'sqlite,postgress' })).toThrow(/postgress/);
  });
});
