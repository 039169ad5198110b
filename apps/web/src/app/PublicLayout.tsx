import { Center, Container, Paper, Text, Title } from '@mantine/core';
import { Outlet } from 'react-router';

/** Sign-in, activation, password reset and the sign-in steps: one card on an empty page. */
export function CardLayout({ children }: { children: React.ReactNode }) {
  return (
    <Center mih="100vh" bg="var(--mantine-color-gray-0)" component="main" py="xl">
      <Container size={440} w="100%">
        <Text ta="center" fw={700} c="blue.8" mb="xs" aria-hidden>
          Azure Stack Hub CMS
        </Text>
        <Paper withBorder shadow="sm" p="xl" radius="md">
          {children}
        </Paper>
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
