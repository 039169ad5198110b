import { Anchor, Group } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { authApi } from '../../api/auth.ts';
import { keys } from '../../api/keys.ts';

/** Leave a sign-in step: ends the half-open session. */
export function SignOutLink() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  return (
    <Group justify="center">
      <Anchor
        component="button"
        type="button"
        size="sm"
        onClick={async () => {
          await authApi.signOut().catch(() => undefined);
          queryClient.clear();
          queryClient.setQueryData(keys.me, null);
          navigate('/sign-in', { replace: true });
        }}
      >
        Cancel and sign out
      </Anchor>
    </Group>
  );
}
