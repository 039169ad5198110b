import { Box, Center, Container, Paper, Title } from '@mantine/core';
import { Outlet } from 'react-router';
import { BrandMark, SupportLinks } from '../components/BrandMark.tsx';

/** Sign-in, activation, password reset and the sign-in steps: one card on an empty page. */
export function CardLayout({ children }: { children: React.ReactNode }) {
  return (
    <Center mih="100vh" bg="var(--cms-page-bg)" component="main" py="xl">
      <Container size={440} w="100%">
        <Box mb="xs" aria-hidden>
          <BrandMark size="md" />
        </Box>
        <Paper withBorder shadow="sm" p="xl" radius="md">
          {children}
        </Paper>
        <Box mt="md">
          <SupportLinks />
        </Box>
      </Container>
    </Center>
  );
}

export function PublicLayout() {
  return (
    <CardLayout>
      <Outlet />
    </CardLayout>
  );
}

export function CardTitle({ children }: { children: React.ReactNode }) {
  return (
    <Title order={1} size="h3" mb="md">
      {children}
    </Title>
  );
}
