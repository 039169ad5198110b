import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './app/global.css';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { BrandingProvider } from './app/BrandingProvider.tsx';
import { queryClient } from './app/query-client.ts';
import { router } from './app/routes.tsx';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <BrandingProvider>
        <Notifications position="top-right" />
        <RouterProvider router={router} />
      </BrandingProvider>
    </QueryClientProvider>
  </StrictMode>,
);
