import { createContext, useContext } from 'react';
import type { Me } from '../api/types.ts';

export const MeContext = createContext<Me | null>(null);

/** The signed-in user, inside the portal's pages (AppLayout provides it). */
export function useCurrentMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useCurrentMe outside AppLayout');
  return me;
}
