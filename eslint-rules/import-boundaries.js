// @ts-check
/**
 * The import boundaries of the code base, checked on every import, re-export and dynamic import() by
 * resolving the path against the importing file (so `../x`, `../../x` and any depth are judged alike):
 *
 * - only tests (files under `test/` and `*.test.ts` files beside the code) import from `test/`: test helpers
 *   and fixtures never ship; demo data the app loads lives in `shared/demo/`;
 * - `renderer/db/` never imports `renderer/sync/` (the store is below the sync client: the sync client
 *   reads and writes through the store, never the other way round);
 * - a feature (`renderer/features/<name>/`) uses another feature only through that feature's `index.ts`,
 *   so a feature can reorganise its files without breaking the others.
 *
 * Only relative imports are judged: packages are outside these boundaries.
 */
import path from 'node:path';

const FEATURES = 'renderer/features/';
const TEST_FILE = /\.test\.tsx?$/;

/** Path relative to the project root, with forward slashes; null when outside it. */
function fromRoot(root, absolute) {
  const rel = path.relative(root, absolute).split(path.sep).join('/');
  return rel.startsWith('../') || path.isAbsolute(rel) ? null : rel;
}

/** The feature folder a project path lies in (`renderer/features/<name>`), or null. */
function featureOf(rel) {
  if (!rel.startsWith(FEATURES)) return null;
  const name = rel.slice(FEATURES.length).split('/')[0];
  return name ? FEATURES + name : null;
}

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: {
    type: 'problem',
    docs: { description: 'Keep imports inside the boundaries of the code base (test/, renderer/db, features).' },
    schema: [],
    messages: {
      test: 'Only test code imports from test/ ("{{target}}"); production helpers and demo data live outside it (shared/demo/).',
      dbSync: 'renderer/db never imports renderer/sync ("{{target}}"): the sync client builds on the store, not the other way round.',
      feature: 'Another feature is used only through its index.ts: import from "{{index}}" instead of "{{target}}".',
    },
  },
  create(context) {
    const root = context.cwd;
    const file = fromRoot(root, context.filename);
    if (file === null) return {};
    const fileFeature = featureOf(file);

    /** @param {import('estree').Node | null | undefined} source */
    function check(source) {
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
      const spec = source.value;
      if (!spec.startsWith('./') && !spec.startsWith('../')) return;
      const target = fromRoot(root, path.resolve(path.dirname(context.filename), spec));
      if (target === null) return;
      if ((target === 'test' || target.startsWith('test/')) && !file.startsWith('test/') && !TEST_FILE.test(file)) {
        context.report({ node: source, messageId: 'test', data: { target: spec } });
        return;
      }
      if (file.startsWith('renderer/db/') && (target === 'renderer/sync' || target.startsWith('renderer/sync/'))) {
        context.report({ node: source, messageId: 'dbSync', data: { target: spec } });
        return;
      }
      const targetFeature = featureOf(target);
      if (fileFeature !== null && targetFeature !== null && targetFeature !== fileFeature) {
        if (target === targetFeature || target === `${targetFeature}/index`) return;
        const index = path.relative(path.dirname(file), targetFeature).split(path.sep).join('/');
        context.report({ node: source, messageId: 'feature', data: { target: spec, index: index.startsWith('.') ? index : `./${index}` } });
      }
    }

    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
    };
  },
};
