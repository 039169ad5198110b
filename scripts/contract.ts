// Writes (or, with --check, verifies) the two generated contract files: the OpenAPI document
// built from the server's route table, and the typed client generated from that document.
import { readFileSync, writeFileSync } from 'node:fs';
import openapiTS, { astToString } from 'openapi-typescript';
import { openApiDocument } from '../apps/server/src/routes.ts';

const root = new URL('../', import.meta.url);
const documentFile = new URL('openapi.json', root);
const clientFile = new URL('packages/api-client/src/schema.gen.ts', root);

export async function generateContract(): Promise<{ document: string; client: string }> {
  const doc = openApiDocument();
  const document = `${JSON.stringify(doc, null, 2)}\n`;
  const header =
    '// Generated from openapi.json by scripts/contract.ts: do not edit; run `npm run openapi`.\n\n';
  const client = header + astToString(await openapiTS(JSON.parse(document)));
  return { document, client };
}

async function main() {
  const { document, client } = await generateContract();
  if (process.argv.includes('--check')) {
    const stale = [
      [documentFile, document],
      [clientFile, client],
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
  console.log('Wrote openapi.json and packages/api-client/src/schema.gen.ts');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await main();
}
