// Writes (or, with --check, verifies) the two generated contract files: the OpenAPI document
// built from the server's route table, and the typed client generated from that document.
import { readFileSync, writeFileSync } from 'node:fs';
import openapiTS, { astToString } from 'openapi-typescript';
import { ROLE_KEYS, ROUTE_POLICY } from '../apps/server/src/policy/route-policy.ts';
import { openApiDocument, ROUTES } from '../apps/server/src/routes.ts';

const root = new URL('../', import.meta.url);
const documentFile = new URL('openapi.json', root);
const clientFile = new URL('packages/api-client/src/schema.gen.ts', root);
const permissionsFile = new URL('docs/permissions.md', root);

/** The policy table as a readable matrix, so a change to who may do what shows in review. */
function permissionsMatrix(): string {
  const symbol = (rule: unknown) =>
    typeof rule === 'object' && rule !== null
      ? `✓ if \`${(rule as { setting: string }).setting}\``
      : ({ allow: '✓', forbidden: '403', hidden: '404', denied: '403 (role)' } as Record<string, string>)[
          rule as string
        ];
  const lines = [
    '# Permissions by operation and role',
    '',
    'Generated from `apps/server/src/policy/route-policy.ts` by `npm run openapi`; do not edit.',
    "Each cell is the outcome for an object inside the actor's own branch. Outside it every object",
    'answers 404. ✓ allowed; 403 visible but may not change; 404 never visible to the role;',
    '"403 (role)" the operation is not for the role at all; public and self operations are open to',
    'anyone and to every signed-in user (on their own records) respectively.',
    '',
    `| operation | method and path | ${ROLE_KEYS.join(' | ')} |`,
    `|---|---|${ROLE_KEYS.map(() => '---').join('|')}|`,
  ];
  for (const route of ROUTES) {
    const policy = ROUTE_POLICY[route.id]!;
    const cells =
      typeof policy === 'string'
        ? ROLE_KEYS.map(() => policy)
        : ROLE_KEYS.map((role) => symbol(policy[role]));
    lines.push(`| \`${route.id}\` | ${route.method} \`${route.path}\` | ${cells.join(' | ')} |`);
  }
  return `${lines.join('\n')}\n`;
}

export async function generateContract(): Promise<{ document: string; client: string; permissions: string }> {
  const doc = openApiDocument();
  const document = `${JSON.stringify(doc, null, 2)}\n`;
  const header =
    '// Generated from openapi.json by scripts/contract.ts: do not edit; run `npm run openapi`.\n\n';
  const client = header + astToString(await openapiTS(JSON.parse(document)));
  return { document, client, permissions: permissionsMatrix() };
}

async function main() {
  const { document, client, permissions } = await generateContract();
  if (process.argv.includes('--check')) {
    const stale = [
      [documentFile, document],
      [clientFile, client],
      [permissionsFile, permissions],
    ].filter(([file, text]) => {
      try {
        return readFileSync(file as URL, 'utf8') !== text;
      } catch {
        return true;
      }
    });
    for (const [file] of stale)
      console.error(`${(file as URL).pathname} is out of date: run "npm run openapi".`);
    process.exit(stale.length === 0 ? 0 : 1);
  }
  writeFileSync(documentFile, document);
  writeFileSync(clientFile, client);
  writeFileSync(permissionsFile, permissions);
  console.log('Wrote openapi.json, packages/api-client/src/schema.gen.ts and docs/permissions.md');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await main();
}
