import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The web host's kit (extension/web/ui) implements exactly the @hubspot/ui-extensions components the views
 * and the shell use (decision 006). Unused components are dead code with CSS to match; a missing one breaks
 * the web build. Both directions are checked from the sources, with the TypeScript parser.
 */

const root = resolve(import.meta.dirname, '../..');
const kitIndex = join(root, 'extension/web/ui/index.ts');

function sourceFiles(dir: string, skip: (path: string) => boolean = () => false): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (skip(path) || entry.name === 'node_modules' || entry.name === 'dist') return [];
    if (entry.isDirectory()) return sourceFiles(path, skip);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

const parse = (path: string, text = readFileSync(path, 'utf8')) =>
  ts.createSourceFile(path, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TSX);

/** The value names a barrel re-exports (`export { A, B } from './x'`, `export function C`). */
function exportedNames(source: ts.SourceFile): string[] {
  const names: string[] = [];
  for (const statement of source.statements) {
    if (ts.isExportDeclaration(statement) && !statement.isTypeOnly && statement.exportClause) {
      if (ts.isNamedExports(statement.exportClause))
        for (const el of statement.exportClause.elements) if (!el.isTypeOnly) names.push(el.name.text);
    } else if (
      (ts.isFunctionDeclaration(statement) || ts.isVariableStatement(statement)) &&
      statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
    ) {
      if (ts.isFunctionDeclaration(statement) && statement.name) names.push(statement.name.text);
      if (ts.isVariableStatement(statement))
        for (const d of statement.declarationList.declarations)
          if (ts.isIdentifier(d.name)) names.push(d.name.text);
    }
  }
  return names;
}

/** The value names a file imports from the kit: `@hubspot/ui-extensions` (aliased to it) or a path to it. */
function kitImports(source: ts.SourceFile, isKit: (specifier: string) => boolean): string[] {
  const names: string[] = [];
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    if (!isKit(statement.moduleSpecifier.text)) continue;
    const clause = statement.importClause;
    if (!clause || clause.isTypeOnly) continue;
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamedImports(bindings))
      for (const el of bindings.elements) if (!el.isTypeOnly) names.push((el.propertyName ?? el.name).text);
  }
  return names;
}

/** Kit exports nobody imports, and imports the kit does not export. */
function compareKit(exported: string[], imported: string[]) {
  const used = new Set(imported);
  const offered = new Set(exported);
  return {
    unused: [...offered].filter((name) => !used.has(name)).sort(),
    missing: [...used].filter((name) => !offered.has(name)).sort(),
  };
}

function consumerImports(): { file: string; names: string[] }[] {
  const kitDir = join(root, 'extension/web/ui');
  const viewFiles = sourceFiles(join(root, 'extension/views'));
  // The shell and the web host's entries (main, widget); the kit itself does not count as a user.
  const hostFiles = sourceFiles(join(root, 'extension/web'), (path) => path === kitDir);
  return [...viewFiles, ...hostFiles].map((file) => {
    const isKit = (specifier: string) =>
      specifier === '@hubspot/ui-extensions' ||
      (specifier.startsWith('.') &&
        [kitDir, join(kitDir, 'index')].includes(resolve(join(file, '..'), specifier)));
    return { file: relative(root, file), names: kitImports(parse(file), isKit) };
  });
}

describe('the web host kit holds only what the views and the shell use', () => {
  const exported = exportedNames(parse(kitIndex));
  const consumers = consumerImports();
  const imported = consumers.flatMap((c) => c.names);

  it('reads real exports and imports (the scan itself works)', () => {
    expect(exported).toEqual(expect.arrayContaining(['Flex', 'Button', 'Table']));
    expect(consumers.find((c) => c.file === 'extension/web/shell/CompanyList.tsx')?.names).toEqual(
      expect.arrayContaining(['Alert', 'Button', 'LoadingSpinner', 'Tag']),
    );
    expect(consumers.filter((c) => c.file.startsWith('extension/views/')).length).toBeGreaterThan(10);
  });

  it('exports no component that no view or shell file imports', () => {
    const { unused } = compareKit(exported, imported);
    expect(
      unused,
      `delete these from extension/web/ui (and their CSS), or use them: ${unused.join(', ')}`,
    ).toEqual([]);
  });

  it('implements every component a view or shell file imports', () => {
    const { missing } = compareKit(exported, imported);
    const where = missing.map(
      (name) =>
        `${name} (${consumers
          .filter((c) => c.names.includes(name))
          .map((c) => c.file)
          .join(', ')})`,
    );
    expect(missing, `add these to extension/web/ui: ${where.join('; ')}`).toEqual([]);
  });

  it('catches an export nobody uses and an import nobody implements', () => {
    const kit = parse(
      'index.ts',
      "export { Flex, Tooltip } from './layout';\nexport { type Props } from './x';",
    );
    const view = parse(
      'View.tsx',
      "import { Flex, Modal, type TextProps } from '@hubspot/ui-extensions';\nimport type { Tag } from '@hubspot/ui-extensions';",
    );
    const names = kitImports(view, (s) => s === '@hubspot/ui-extensions');
    expect(names).toEqual(['Flex', 'Modal']);
    expect(compareKit(exportedNames(kit), names)).toEqual({ unused: ['Tooltip'], missing: ['Modal'] });
  });
});
