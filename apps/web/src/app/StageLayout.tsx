import { Navigate, Outlet, useMatches } from 'react-router';
import { useMe } from '../api/auth.ts';
import { ErrorState, LoadingState } from '../components/states.tsx';
import { STAGE_PATHS } from './access.ts';
import { CardLayout } from './PublicLayout.tsx';
import type { RouteHandle } from './routes.tsx';

/** A sign-in step page: only for a session at that step; otherwise to where the session belongs. */
export function StageLayout() {
  const me = useMe();
  const matches = useMatches();
  const wanted = (matches[matches.length - 1]?.handle as RouteHandle | undefined)?.stage;
  if (me.isPending) return <LoadingState label="Loading your session" />;
  if (me.isError)
    return (
      <CardLayout>
        <ErrorState error={me.error} onRetry={() => void me.refetch()} />
      </CardLayout>
    );
  if (!me.data) return <Navigate to="/sign-in" replace />;
  if (me.data.stage === 'active') return <Navigate to="/" replace />;
  if (me.data.stage !== wanted) return <Navigate to={STAGE_PATHS[me.data.stage]} replace />;
  return (
    <CardLayout>
      <Outlet />
    </CardLayout>
  );
}
