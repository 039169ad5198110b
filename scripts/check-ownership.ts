// Part of `npm run lint`: the server's layering and table ownership, checked on the source.
//  1. A query names only tables its part owns (apps/server/src/db/owners.ts), or holds a grant.
//  2. Inside a module, queries live in the module's *.repository.ts files.
//  3. No file imports another module's repository: it calls that module's service.
//  4. The core (context, crypto, db, http, policy) imports no module.
//  5. The audit writer, which every module calls inside its transactions, imports no other module.
// Table names are read through the type checker, so `updateTable(table)` over a union of names is
// checked too; a query whose table the checker cannot name is itself a finding.
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { TABLE_GRANTS, TABLE_OWNERS } from '../apps/server/src/db/owners.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const srcDir = join(root, 'apps', 'server', 'src');

const READS = new Set(['selectFrom', 'innerJoin', 'leftJoin', 'rightJoin', 'fullJoin']);
const WRITES = new Set(['insertInto', 'replaceInto', 'updateTable', 'deleteFrom', 'mergeInto']);
const CORE_PARTS = new Set(['core', 'crypto', 'db', 'http', 'policy']);
/** Module files that must stay free of other modules (rule 5), relative to the server's src. */
const SELF_CONTAINED = new Set([
  join('modules', 'audit', 'audit.service.ts'),
  join('modules', 'audit', 'audit.repository.ts'),
]);

/** Which part of the server a file belongs to, by folder. */
export function partOf(file: string): string {
  const [top, second] = relative(srcDir, file).split(sep);
  if (top === 'modules') return second?.endsWith('.ts') ? 'modules' : second!;
  if (top === 'context.ts') return 'core';
  if (top?.endsWith('.ts')) return 'wiring';
  return top!;
}

function isMigration(file: string): boolean {
  return relative(srcDir, file).startsWith(`db${sep}migrations${sep}`);
}

function mayTouch(part: string, table: string, access: 'read' | 'write'): boolean {
  if (TABLE_OWNERS[table as keyof typeof TABLE_OWNERS] === part) return true;
  return TABLE_GRANTS.some(
    (g) => g.table === table && g.part === part && (g.access === 'write' || access === 'read'),
  );
}

/** The table names a query's first argument can hold, or null when they are not string literals. */
function tableNames(checker: ts.TypeChecker, arg: ts.Expression): string[] | null {
  const type = checker.getTypeAtLocation(arg);
  const members = type.isUnion() ? type.types : [type];
  const names: string[] = [];
  for (const member of members) {
    if (!member.isStringLiteral()) return null;
    names.push(member.value.split(/\s+as\s+/)[0]!.trim());
  }
  return names;
}

export interface Finding {
  file: string;
  line: number;
  message: string;
}

export function checkOwnership(): Finding[] {
  const configPath = join(root, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const files = parsed.fileNames.filter((f) => f.startsWith(srcDir + sep));
  const program = ts.createProgram(files, parsed.options);
  const checker = program.getTypeChecker();
  const findings: Finding[] = [];

  for (const file of files) {
    const source = program.getSourceFile(file);
    if (!source || isMigration(file)) continue;
    const part = partOf(file);
    const inModule = relative(srcDir, file).startsWith(`modules${sep}`);
    const report = (node: ts.Node, message: string) =>
      findings.push({
        file: relative(root, file),
        line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1,
        message,
      });

    for (const statement of source.statements) {
      const specifier =
        (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) &&
        statement.moduleSpecifier &&
        ts.isStringLiteral(statement.moduleSpecifier)
          ? statement.moduleSpecifier.text
          : null;
      if (!specifier?.startsWith('.')) continue;
      const target = join(dirname(file), specifier);
      if (!target.startsWith(srcDir + sep)) continue;
      const targetPart = partOf(target);
      const targetInModule = relative(srcDir, target).startsWith(`modules${sep}`);
      if (targetInModule && target.endsWith('.repository.ts') && targetPart !== part) {
        report(statement, `imports ${targetPart}'s repository; call the ${targetPart} service instead`);
      }
      if (SELF_CONTAINED.has(relative(srcDir, file)) && targetInModule && targetPart !== part) {
        report(statement, `the audit writer imports the ${targetPart} module; it must stay dependency-free`);
      }
      if (CORE_PARTS.has(part) && targetInModule) {
        report(
          statement,
          `the core (${part}) imports the ${targetPart} module; pass it in through an interface`,
        );
      }
    }

    const visit = (node: ts.Node) => {
      if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        node.arguments.length > 0
      ) {
        const method = node.expression.name.text;
        const access = WRITES.has(method) ? 'write' : READS.has(method) ? 'read' : null;
        if (access) {
          const names = tableNames(checker, node.arguments[0]!);
          if (names === null) {
            report(node, `${method}() on a table the checker cannot name; use a literal or a union of names`);
          } else {
            for (const table of names) {
              if (!(table in TABLE_OWNERS)) continue; // a CTE or subquery alias, not a table
              if (!mayTouch(part, table, access)) {
                report(
                  node,
                  `${access}s ${table}, owned by ${TABLE_OWNERS[table as keyof typeof TABLE_OWNERS]}`,
                );
              } else if (inModule && !file.endsWith('.repository.ts')) {
                report(node, `queries ${table} outside the module's repository`);
              }
            }
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return findings;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const findings = checkOwnership();
  for (const f of findings) console.error(`${f.file}:${f.line}: ${f.message}`);
  if (findings.length > 0) {
    console.error(`\n${findings.length} ownership finding(s); see "Who owns what" in ARCHITECTURE.md.`);
    process.exit(1);
  }
  console.log('Table ownership and layering: no findings.');
}
