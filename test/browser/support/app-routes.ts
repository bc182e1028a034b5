import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const appSource = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../web/app.tsx');

export interface AppRoute {
  /** The full address pattern, as the router matches it: `/cases/:id`, `/trainings/:id?`, `/admin/users`. */
  path: string;
  /** The permission of the nearest `<Allowed permission="…">` around the page, if any. */
  permission: string | null;
  /** The layout elements of the routes around it, outermost first: `['SignedIn', 'ForAudience']`. */
  layouts: string[];
}

/**
 * Every page address the web app's router declares, read from the `<Route>` elements in web/app.tsx, so a page added
 * there is walked by the tests that use this list without anyone remembering to add it. Index routes and the
 * catch-all are left out (an index route shares its parent's address; `*` is the not-found page).
 */
export function appRoutes(source = fs.readFileSync(appSource, 'utf8')): AppRoute[] {
  const file = ts.createSourceFile('app.tsx', source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const routes: AppRoute[] = [];
  const visit = (node: ts.Node, prefix: string, layouts: string[]) => {
    if (ts.isJsxElement(node) || ts.isJsxSelfClosingElement(node)) {
      const opening = ts.isJsxElement(node) ? node.openingElement : node;
      if (opening.tagName.getText(file) === 'Route') {
        const own = attribute(opening, 'path', file);
        const full = own === null ? prefix : own.startsWith('/') ? own : `${prefix.replace(/\/$/, '')}/${own}`;
        if (own !== null && own !== '*') routes.push({ path: full, permission: permissionOf(opening, file), layouts });
        const layout = elementTag(opening, file);
        const inner = own === null && layout ? [...layouts, layout] : layouts;
        if (ts.isJsxElement(node)) node.children.forEach((child) => visit(child, full, inner));
        return;
      }
    }
    ts.forEachChild(node, (child) => visit(child, prefix, layouts));
  };
  visit(file, '/', []);
  return routes;
}

function attribute(opening: ts.JsxOpeningLikeElement, name: string, file: ts.SourceFile): string | null {
  for (const property of opening.attributes.properties) {
    if (!ts.isJsxAttribute(property) || property.name.getText(file) !== name) continue;
    if (property.initializer && ts.isStringLiteral(property.initializer)) return property.initializer.text;
    throw new Error(`web/app.tsx: <Route ${name}=…> must be a string literal to be walked, found ${property.getText(file)}`);
  }
  return null;
}

/** `element={<SignedIn />}` on a route without an address of its own: a layout its children share. */
function elementTag(opening: ts.JsxOpeningLikeElement, file: ts.SourceFile): string | null {
  for (const property of opening.attributes.properties) {
    if (!ts.isJsxAttribute(property) || property.name.getText(file) !== 'element' || !property.initializer) continue;
    if (!ts.isJsxExpression(property.initializer) || !property.initializer.expression) continue;
    const element = property.initializer.expression;
    if (ts.isJsxSelfClosingElement(element)) return element.tagName.getText(file);
    if (ts.isJsxElement(element)) return element.openingElement.tagName.getText(file);
  }
  return null;
}

/** `element={<Allowed permission="cases.read">…}`: the permission a role needs to see the page. */
function permissionOf(opening: ts.JsxOpeningLikeElement, file: ts.SourceFile): string | null {
  let found: string | null = null;
  const look = (node: ts.Node) => {
    if (found !== null) return;
    if ((ts.isJsxOpeningElement(node) || ts.isJsxSelfClosingElement(node)) && node.tagName.getText(file) === 'Allowed') {
      found = attribute(node, 'permission', file);
      return;
    }
    ts.forEachChild(node, look);
  };
  for (const property of opening.attributes.properties) {
    if (ts.isJsxAttribute(property) && property.name.getText(file) === 'element' && property.initializer) look(property.initializer);
  }
  return found;
}
