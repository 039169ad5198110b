#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { createPlatformAdmin, ensurePlatformAdmin, openApp } from './bootstrap.ts';
import { ConfigError, loadConfig } from './config.ts';
import { startProvisioningReconciler } from './modules/subscriptions/provisioning.service.ts';
import {
  COLLECT_USAGE_USAGE,
  parseCollectUsageArgs,
  runCollectUsageCommand,
} from './modules/usage/collect-command.ts';
import { openApiDocument } from './routes.ts';
import { buildServer } from './server.ts';

const USAGE = `Usage: cms <command> [options]

Commands:
  serve [--no-worker]         Start the API and portal (default). Migrates first. Also runs jobs, schedules
                              and the mail outbox unless --no-worker (or CMS_WORKER=false).
  worker                      Run jobs, schedules and the mail outbox without HTTP (one or more processes
                              beside API-only servers on MySQL/PostgreSQL). Stops cleanly on SIGTERM.
  migrate                     Apply database migrations and exit.
  create-admin --email E [--password P] [--first-name F] [--last-name L]
                              Create a platform administrator (password generated and shown once if omitted).
  ${COLLECT_USAGE_USAGE}
                              Collect a region's usage for the reported windows of [from, to) plus its
                              collection window, in this process, with progress on stderr. Exit code 1
                              when a window failed (the region's error and an alert say why).
  openapi                     Print the OpenAPI document.

Configuration comes from environment variables: DATABASE_URL, PORT, HOST, CMS_DATA_DIR,
CMS_ENCRYPTION_KEY, CMS_ADMIN_EMAIL, CMS_ADMIN_PASSWORD, CMS_WORKER, CMS_SETTING_<KEY>… (see README).`;

async function main(argv: string[]): Promise<number> {
  const [command = 'serve', ...rest] = argv;
  if (command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
    return 0;
  }
  if (command === 'openapi') {
    process.stdout.write(`${JSON.stringify(openApiDocument(), null, 2)}\n`);
    return 0;
  }

  const config = loadConfig();
  if (command === 'migrate') {
    const app = await openApp(config);
    await app.db.destroy();
    console.log('Database is at the latest migration.');
    return 0;
  }
  if (command === 'create-admin') {
    const { values } = parseArgs({
      args: rest,
      options: {
        email: { type: 'string' },
        password: { type: 'string' },
        'first-name': { type: 'string' },
        'last-name': { type: 'string' },
      },
    });
    if (!values.email) {
      console.error('create-admin needs --email');
      return 2;
    }
    const app = await openApp(config);
    try {
      const { userId, generatedPassword } = await createPlatformAdmin(app, {
        email: values.email,
        password: values.password,
        ...(values['first-name'] ? { firstName: values['first-name'] } : {}),
        ...(values['last-name'] ? { lastName: values['last-name'] } : {}),
      });
      console.log(`Created platform administrator ${values.email} (${userId}).`);
      if (generatedPassword) console.log(`Password (shown once): ${generatedPassword}`);
    } finally {
      await app.db.destroy();
    }
    return 0;
  }
  if (command === 'collect-usage') {
    const parsed = parseCollectUsageArgs(rest);
    if ('error' in parsed) {
      console.error(`${parsed.error}\nUsage: cms ${COLLECT_USAGE_USAGE}`);
      return 2;
    }
    const app = await openApp(config);
    try {
      return await runCollectUsageCommand(app, parsed, { stderr: process.stderr, stdout: process.stdout });
    } finally {
      await app.db.destroy();
    }
  }
  if (command === 'worker') {
    const app = await openApp(config);
    startProvisioningReconciler(app, console.error);
    app.mail.start();
    app.jobs.start();
    // The runner's timers do not hold the process open (a server's socket does): this does.
    const keepAlive = setInterval(() => {}, 60_000);
    console.log('Worker started: running jobs, schedules and the mail outbox.');
    const shutdown = async () => {
      // Stop claiming, abort running handlers (their jobs are handed back) and wait briefly.
      clearInterval(keepAlive);
      await app.jobs.stop();
      await app.mail.stop();
      await app.db.destroy();
      process.exit(0);
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
    return -1;
  }
  if (command !== 'serve') {
    console.error(`Unknown command "${command}".\n\n${USAGE}`);
    return 2;
  }
  const { values: serveOptions } = parseArgs({ args: rest, options: { 'no-worker': { type: 'boolean' } } });
  if (serveOptions['no-worker']) config.worker = false;
  const app = await openApp(config);
  await ensurePlatformAdmin(app, console.log);
  const server = await buildServer(app);
  const shutdown = async () => {
    await server.close();
    await app.db.destroy();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  await server.listen({ host: config.host, port: config.port });
  return -1;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  },
);
