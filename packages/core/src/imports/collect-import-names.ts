import type { EnvironmentDecl } from '../ast/environment-decl.js';
import type { Expr } from '../ast/expr.js';
import type { PropertyAccess } from '../ast/property-access.js';

/**
 * Every environment name a definition can load: its imports and its inline
 * `${environments.<project>.<env>}` references. Used to fetch an import graph level by level,
 * all names of a level at once, before evaluation needs them.
 */
export function collectImportNames(environment: EnvironmentDecl): string[] {
  const names = new Set<string>();
  for (const decl of environment.imports) names.add(decl.name);
  const pending: Expr[] = environment.values === undefined ? [] : [environment.values];
  for (let expr = pending.pop(); expr !== undefined; expr = pending.pop()) {
    switch (expr.kind) {
      case 'symbol':
        addReference(names, expr.access);
        break;
      case 'interpolate':
        for (const part of expr.parts)
          if (part.access !== undefined) addReference(names, part.access);
        break;
      case 'array':
        pending.push(...expr.elements);
        break;
      case 'object':
        for (const entry of expr.entries) pending.push(entry.value);
        break;
      case 'builtin':
        pushBuiltinArguments(expr, pending);
        break;
      default:
        break;
    }
  }
  return [...names];
}

function pushBuiltinArguments(expr: Extract<Expr, { kind: 'builtin' }>, pending: Expr[]): void {
  switch (expr.builtin) {
    case 'open':
      if (expr.inputs !== undefined) pending.push(expr.inputs);
      break;
    case 'rotate':
      if (expr.inputs !== undefined) pending.push(expr.inputs);
      if (expr.state !== undefined) pending.push(expr.state);
      break;
    case 'join':
    case 'split':
      if (expr.args !== undefined) pending.push(...expr.args);
      break;
    case 'concat':
      if (expr.arrays !== undefined) pending.push(...expr.arrays);
      break;
    case 'validate':
      if (expr.schema !== undefined) pending.push(expr.schema);
      if (expr.value !== undefined) pending.push(expr.value);
      break;
    case 'secret':
      break;
    default:
      pending.push(expr.arg);
  }
}

function addReference(names: Set<string>, access: PropertyAccess): void {
  const [root, project, env] = access.accessors;
  if (root === undefined || project === undefined || env === undefined) return;
  if (root.kind === 'index' || root.key !== 'environments') return;
  if (project.kind === 'index' || env.kind === 'index') return;
  names.add(`${project.key}/${env.key}`);
}
