import { defineRoute } from '../../http/route.ts';
import { SettingsDocument, SettingsUpdate } from './settings.schema.ts';
import { listSettings, updateSettings } from './settings.service.ts';

export const settingsRoutes = [
  defineRoute({
    id: 'settings.list',
    method: 'GET',
    path: '/api/v1/settings',
    tag: 'Settings',
    summary: 'System Settings, by group, with current values and defaults',
    response: { status: 200, description: 'All registered settings', schema: SettingsDocument },
    handler: ({ ctx }) => listSettings(ctx),
  }),
  defineRoute({
    id: 'settings.update',
    method: 'PATCH',
    path: '/api/v1/settings',
    tag: 'Settings',
    summary: 'Change one or more settings (all or nothing, audited)',
    body: SettingsUpdate,
    response: { status: 200, description: 'Settings after the change', schema: SettingsDocument },
    handler: ({ ctx, body }) => updateSettings(ctx, body.values),
  }),
];
