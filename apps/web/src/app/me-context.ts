import { createContext, useContext } from 'react';
import type { Me } from '../api/types.ts';
import { monthIn } from '../components/rating/rating-logic.ts';

export const MeContext = createContext<Me | null>(null);

/** The signed-in user, inside the portal's pages (AppLayout provides it). */
export function useCurrentMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useCurrentMe outside AppLayout');
  return me;
}

/** This month (YYYY-MM) in the Platform Time Zone: the default of every period picker. */
export function usePlatformMonth(): string {
  return monthIn(useCurrentMe().platformTimeZone);
}
