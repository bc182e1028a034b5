import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const appSource = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../web/app.tsx');

export interface AppRoute {
  /** The full address pattern, as the router matches it: `/cases/:id`, `/trainings/:id?`, `/admin/users`. */
  path: string;
  /** The permission its row in the table names (the app shows the page inside `<Allowed permission="…">`), if any. */
  permission: string | null;
  /** The layout elements of the routes around it, outermost first: `['SignedIn', 'ForAudience']`. */
  layouts: string[];
}

/**
 * Every page address the web app's router declares, read from its table of pages (`PAGES` in web/app.tsx), so a page
 * added there is walked by the tests that use this list without anyone remembering to add it. Index routes and the
 * catch-all are left out (an index route shares its parent's address; `*` is the not-found page).
 */
export function appRoutes(source = fs.readFileSync(appSource, 'utf8')): AppRoute[] {
  const file = ts.createSourceFile('app.tsx', source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const routes: AppRoute[] = [];
  const visit = (rows: ts.ArrayLiteralExpression, prefix: string, layouts: string[]) => {
    for (const row of rows.elements) {
      if (!ts.isObjectLiteralExpression(row)) throw new Error(`web/app.tsx: write each row of PAGES out, found ${row.getText(file)}`);
      const own = text(row, 'path', file);
      const full = own === null ? prefix : own.startsWith('/') ? own : `${prefix.replace(/\/$/, '')}/${own}`;
      if (own !== null && own !== '*') routes.push({ path: full, permission: text(row, 'permission', file), layouts });
      const children = valueOf(row, 'children');
      if (children === null) continue;
      if (!ts.isArrayLiteralExpression(children)) throw new Error(`web/app.tsx: write children out, found ${children.getText(file)}`);
      const layout = own === null ? elementTag(row, file) : null;
      visit(children, full, layout ? [...layouts, layout] : layouts);
    }
  };
  visit(pagesTable(file), '/', []);
  return routes;
}

function pagesTable(file: ts.SourceFile): ts.ArrayLiteralExpression {
  for (const statement of file.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (declaration.name.getText(file) !== 'PAGES') continue;
      if (declaration.initializer && ts.isArrayLiteralExpression(declaration.initializer)) return declaration.initializer;
    }
  }
  throw new Error('web/app.tsx: no table `const PAGES: Page[] = [ … ]` to read the routes from');
}

function valueOf(row: ts.ObjectLiteralExpression, name: string): ts.Expression | null {
  for (const property of row.properties) {
    if (ts.isPropertyAssignment(property) && ts.isIdentifier(property.name) && property.name.text === name) return property.initializer;
  }
  return null;
}

function text(row: ts.ObjectLiteralExpression, name: string, file: ts.SourceFile): string | null {
  const value = valueOf(row, name);
  if (value === null) return null;
  if (ts.isStringLiteral(value)) return value.text;
  throw new Error(`web/app.tsx: ${name} of a page must be a string literal to be walked, found ${value.getText(file)}`);
}

/** `element: <SignedIn />` on a route without an address of its own: a layout its children share. */
function elementTag(row: ts.ObjectLiteralExpression, file: ts.SourceFile): string | null {
  const element = valueOf(row, 'element');
  if (element && ts.isJsxSelfClosingElement(element)) return element.tagName.getText(file);
  if (element && ts.isJsxElement(element)) return element.openingElement.tagName.getText(file);
  return null;
}
