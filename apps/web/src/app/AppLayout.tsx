import {
  ActionIcon,
  AppShell,
  Box,
  Burger,
  Group,
  Menu,
  NavLink,
  Progress,
  ScrollArea,
  Text,
  UnstyledButton,
  useComputedColorScheme,
  useMantineColorScheme,
  VisuallyHidden,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconChevronDown, IconLogout, IconMoon, IconSun, IconUserCircle } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { Link, Navigate, Outlet, useLocation, useMatches, useNavigate, useNavigation } from 'react-router';
import { authApi, useMe } from '../api/auth.ts';
import { errorMessage } from '../api/errors.ts';
import type { Me } from '../api/types.ts';
import { BrandMark } from '../components/BrandMark.tsx';
import { ErrorState, LoadingState } from '../components/states.tsx';
import { NotFoundPage } from '../pages/not-found/NotFoundPage.tsx';
import { navigationFor, STAGE_PATHS } from './access.ts';
import { useBrand } from './brand.ts';
import { roleKeyLabel, useLabels } from './labels.ts';
import { MeContext } from './me-context.ts';
import { CardLayout } from './PublicLayout.tsx';
import type { RouteHandle } from './routes.tsx';

function Navigation({ me, onNavigate }: { me: Me; onNavigate: () => void }) {
  const location = useLocation();
  const labels = useLabels();
  const isActive = (to: string) => location.pathname === to || location.pathname.startsWith(`${to}/`);
  return (
    <nav aria-label="Main">
      <NavLink component={Link} to="/" label="Home" active={location.pathname === '/'} onClick={onNavigate} />
      {navigationFor(me, labels).map((group) => (
        <NavLink key={group.label} label={group.label} defaultOpened childrenOffset="md" component="button">
          {group.items.map((item) => (
            <NavLink
              key={item.to}
              component={Link}
              to={item.to}
              label={item.label}
              active={isActive(item.to)}
              aria-current={isActive(item.to) ? 'page' : undefined}
              onClick={onNavigate}
            />
          ))}
        </NavLink>
      ))}
    </nav>
  );
}

function UserMenu({ me }: { me: Me }) {
  const labels = useLabels();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const signOut = async () => {
    try {
      await authApi.signOut();
    } catch (error) {
      notifications.show({ color: 'red', title: 'Sign-out failed', message: errorMessage(error) });
      return;
    }
    queryClient.clear();
    queryClient.setQueryData(['me'], null);
    navigate('/sign-in', { replace: true });
  };
  const name = [me.user.firstName, me.user.lastName].filter(Boolean).join(' ') || me.user.email;
  return (
    <Menu position="bottom-end" width={260}>
      <Menu.Target>
        <UnstyledButton miw={0}>
          <Group gap={6} wrap="nowrap">
            <VisuallyHidden>Account menu:</VisuallyHidden>
            <IconUserCircle size={22} aria-hidden />
            {/* On a phone the name would push the header wider than the screen: the menu shows it. */}
            <Box visibleFrom="sm" style={{ lineHeight: 1.1, minWidth: 0 }}>
              <Text size="sm" fw={600} truncate maw={200}>
                {name}
              </Text>
              <Text size="xs" c="dimmed" truncate maw={200}>
                {me.organisation.name}
              </Text>
            </Box>
            <VisuallyHidden hiddenFrom="sm">
              {name}, {me.organisation.name}
            </VisuallyHidden>
            <IconChevronDown size={14} aria-hidden />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          <Text size="sm" fw={600} c="var(--mantine-color-text)" truncate>
            {name}
          </Text>
          <Text size="xs" truncate>
            {me.organisation.name} · {roleKeyLabel(me.roleKey, labels)}
          </Text>
        </Menu.Label>
        <Menu.Item component={Link} to="/account" leftSection={<IconUserCircle size={16} aria-hidden />}>
          My account
        </Menu.Item>
        <Menu.Item onClick={() => void signOut()} leftSection={<IconLogout size={16} aria-hidden />}>
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

/** Light or dark: follows the system until the user picks one here (Mantine remembers it in localStorage). */
function ColorSchemeToggle() {
  const { setColorScheme } = useMantineColorScheme();
  const computed = useComputedColorScheme('light');
  const next = computed === 'dark' ? 'light' : 'dark';
  return (
    <ActionIcon
      variant="subtle"
      color="gray"
      size="lg"
      onClick={() => setColorScheme(next)}
      aria-label={`Switch to the ${next} theme`}
      data-color-scheme-toggle
    >
      {computed === 'dark' ? <IconSun size={20} aria-hidden /> : <IconMoon size={20} aria-hidden />}
    </ActionIcon>
  );
}

/** The signed-in portal: header, navigation for the user's role, and the page. */
export function AppLayout() {
  const me = useMe();
  const brand = useBrand();
  const location = useLocation();
  const navigation = useNavigation();
  const matches = useMatches();
  const [opened, { toggle, close }] = useDisclosure(false);
  const mainRef = useRef<HTMLElement>(null);

  // Move focus to the page on navigation, so keyboard and screen-reader users start at its content.
  const path = location.pathname;
  const first = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every new path
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    mainRef.current?.focus();
  }, [path]);

  if (me.isPending) return <LoadingState label="Loading your session" />;
  if (me.isError)
    return (
      <CardLayout>
        <ErrorState
          error={me.error}
          title="The portal could not load your session"
          onRetry={() => void me.refetch()}
        />
      </CardLayout>
    );
  if (!me.data) {
    const next =
      location.pathname === '/' ? '' : `?next=${encodeURIComponent(location.pathname + location.search)}`;
    return <Navigate to={`/sign-in${next}`} replace />;
  }
  if (me.data.stage !== 'active') return <Navigate to={STAGE_PATHS[me.data.stage]} replace />;

  const handle = matches[matches.length - 1]?.handle as RouteHandle | undefined;
  const allowed = handle?.allowed ? handle.allowed(me.data) : true;

  return (
    <MeContext.Provider value={me.data}>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <AppShell
        header={{ height: 60 }}
        navbar={{ width: 250, breakpoint: 'sm', collapsed: { mobile: !opened } }}
        padding="lg"
      >
        <AppShell.Header>
          <Group h="100%" px="md" justify="space-between" wrap="nowrap">
            <Group gap="sm" wrap="nowrap" miw={0}>
              <Burger
                opened={opened}
                onClick={toggle}
                hiddenFrom="sm"
                size="sm"
                aria-label={opened ? 'Close navigation' : 'Open navigation'}
              />
              <UnstyledButton component={Link} to="/" aria-label={`${brand.name} home`} miw={0}>
                <BrandMark />
              </UnstyledButton>
            </Group>
            <Group gap="xs" wrap="nowrap" style={{ flexShrink: 0 }}>
              <ColorSchemeToggle />
              <UserMenu me={me.data} />
            </Group>
          </Group>
          {navigation.state === 'loading' && (
            <Progress
              value={100}
              animated
              size="xs"
              pos="absolute"
              bottom={0}
              left={0}
              right={0}
              aria-hidden
            />
          )}
        </AppShell.Header>
        <AppShell.Navbar p="xs">
          <ScrollArea type="auto">
            <Navigation me={me.data} onNavigate={close} />
          </ScrollArea>
        </AppShell.Navbar>
        <AppShell.Main id="main" ref={mainRef} tabIndex={-1}>
          {allowed ? <Outlet /> : <NotFoundPage />}
        </AppShell.Main>
      </AppShell>
    </MeContext.Provider>
  );
}
