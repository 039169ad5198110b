import { Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { keys } from '../../api/keys.ts';
import { STAGE_PATHS } from '../../app/access.ts';
import { CardTitle } from '../../app/PublicLayout.tsx';
import { MfaEnrolment } from '../../components/MfaEnrolment.tsx';
import { usePageTitle } from '../../components/PageHeader.tsx';
import { SignOutLink } from '../mfa/SignOutLink.tsx';

/** The sign-in step of an "MFA Required" account without a factor: enrol one to continue. */
export default function MfaEnrolmentPage() {
  usePageTitle('Set up two-step verification');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  return (
    <Stack>
      <CardTitle>Set up two-step verification</CardTitle>
      <Text size="sm">Your account requires a second factor. Set one up to continue.</Text>
      <MfaEnrolment
        doneLabel="Continue"
        onDone={async (stage) => {
          await queryClient.invalidateQueries({ queryKey: keys.me });
          navigate(stage === 'active' ? '/' : STAGE_PATHS[stage], { replace: true });
        }}
      />
      <SignOutLink />
    </Stack>
  );
}
