import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/**
 * Each aggregate changes status through one method that checks the transition and writes the history
 * (issue 16, Vendure's state machine as the model). This test reads the libraries and apps with the
 * type checker and finds every write of an aggregate's status column: a property assignment, an object
 * literal handed to `Object.assign` or to a repository, or SQL that updates the column. Each must sit
 * in the aggregate's transition method, or in the method that creates the row with its first status.
 */
const ROOT = join(__dirname, '../..');

/** Entity class -> the status column's property and SQL names, and the methods allowed to write it. */
const AGGREGATES: Record<string, { readonly table: string; readonly column: 'status' | 'state'; readonly writers: readonly string[] }> = {
  Application: { table: 'application', column: 'state', writers: ['ApplicationsService.move', 'ApplicationsService.createDraft'] },
  Audit: { table: 'audit', column: 'status', writers: ['AuditRecords.transition', 'AuditsService.assign'] },
  Rating: {
    table: 'rating',
    column: 'status',
    // `issue` creates the new rating and supersedes the old one: the old row must leave `active` before the new one may
    // exist (one current rating per firm) and the new one must exist before the old one can point at it.
    writers: ['RatingsService.transition', 'RatingsService.issue'],
  },
  ConsumerReport: { table: 'consumer_report', column: 'status', writers: ['ReportSteps.take'] },
  SurveillanceCheck: { table: 'surveillance_check', column: 'status', writers: ['SurveillanceChecksService.transition', 'SurveillanceChecksService.open'] },
};

const STATUS_COLUMNS = new Set<string>(Object.values(AGGREGATES).map((aggregate) => aggregate.column));

/** `Object.assign`, and the repository and query-builder methods that write what they are given (not `where`, `findBy`…). */
const WRITING_CALLS = new Set(['assign', 'create', 'insert', 'merge', 'save', 'set', 'update', 'upsert']);

interface StatusWrite {
  readonly entity: string;
  readonly where: string;
  readonly method: string;
}

function program(): ts.Program {
  const configPath = join(ROOT, 'tsconfig.json');
  const config = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;
  const files = ['libs', 'apps'].flatMap((folder) =>
    readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'))
      .map((file) => join(ROOT, folder, file)),
  );
  return ts.createProgram(files, { ...config.options, noEmit: true });
}

/** `Class.method` of the function the node is in (the innermost named one). */
function enclosingMethod(node: ts.Node): string {
  let method = '(top level)';
  for (let current: ts.Node | undefined = node; current; current = current.parent) {
    if ((ts.isMethodDeclaration(current) || ts.isFunctionDeclaration(current) || ts.isGetAccessor(current)) && current.name && method === '(top level)') method = current.name.getText();
    if (ts.isClassDeclaration(current) && current.name) return `${current.name.text}.${method}`;
  }
  return method;
}

function statusWrites(): StatusWrite[] {
  const built = program();
  const checker = built.getTypeChecker();
  const writes: StatusWrite[] = [];
  const entityOwning = (symbol: ts.Symbol | undefined): string | null => {
    for (const declaration of symbol?.declarations ?? []) {
      const owner = declaration.parent;
      if (ts.isClassDeclaration(owner) && owner.name && AGGREGATES[owner.name.text]?.column === symbol!.name) return owner.name.text;
    }
    return null;
  };
  const entityOfType = (type: ts.Type): string | null => {
    for (const part of type.isUnion() ? type.types : [type]) {
      const found = entityOwning(checker.getPropertyOfType(checker.getApparentType(part), 'status') ?? checker.getPropertyOfType(checker.getApparentType(part), 'state'));
      if (found) return found;
      // Repository<Rating>, DeepPartial<Rating>, QueryDeepPartialEntity<Rating>: the entity is a type argument.
      for (const argument of (part as ts.TypeReference).aliasTypeArguments ?? checker.getTypeArguments(part as ts.TypeReference) ?? []) {
        const inner = entityOfType(argument);
        if (inner) return inner;
      }
    }
    return null;
  };
  const record = (entity: string, node: ts.Node) => {
    const source = node.getSourceFile();
    const { line } = source.getLineAndCharacterOfPosition(node.getStart());
    writes.push({ entity, where: `${relative(ROOT, source.fileName)}:${line + 1}`, method: enclosingMethod(node) });
  };
  const sqlUpdate = new RegExp(
    `\\bUPDATE\\s+(${Object.values(AGGREGATES)
      .map((aggregate) => aggregate.table)
      .join('|')})\\b[^;]*?\\bSET\\b[^;]*?\\b(status|state)\\s*=`,
    'i',
  );

  for (const source of built.getSourceFiles()) {
    if (source.isDeclarationFile || !source.fileName.startsWith(ROOT) || source.fileName.includes('node_modules')) continue;
    const visit = (node: ts.Node): void => {
      // rating.status = 'active'
      // Only a property named like a status column can be one: the type checker is asked about those alone.
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(node.left) && STATUS_COLUMNS.has(node.left.name.text)) {
        const entity = entityOwning(checker.getSymbolAtLocation(node.left.name));
        if (entity) record(entity, node);
      }
      // { status: 'active' } given to Object.assign(rating, …) or to a repository of ratings
      if ((ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) && ['status', 'state'].includes(node.name.getText()) && ts.isObjectLiteralExpression(node.parent)) {
        const call = ts.isCallExpression(node.parent.parent) ? node.parent.parent : null;
        let entity: string | null = null;
        if (call && ts.isPropertyAccessExpression(call.expression) && WRITING_CALLS.has(call.expression.name.text)) {
          const target = call.expression.getText() === 'Object.assign' ? call.arguments[0] : call.expression.expression;
          const found = entityOfType(checker.getTypeAtLocation(target));
          if (found && AGGREGATES[found].column === node.name.getText()) entity = found;
        }
        if (entity) record(entity, node);
      }
      if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) && sqlUpdate.test(node.getText())) {
        const table = sqlUpdate.exec(node.getText())![1].toLowerCase();
        const entity = Object.entries(AGGREGATES).find(([, aggregate]) => aggregate.table === table)![0];
        if (AGGREGATES[entity].column === sqlUpdate.exec(node.getText())![2].toLowerCase()) record(entity, node);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return writes;
}

describe('one way to change state', () => {
  const writes = statusWrites();

  it('finds the status writes it is meant to find (the checker is not blind)', () => {
    for (const entity of Object.keys(AGGREGATES)) expect(writes.some((write) => write.entity === entity)).toBe(true);
  });

  it.each(Object.keys(AGGREGATES))('writes the status of %s only in its transition method (or where the row is created)', (entity) => {
    const elsewhere = writes.filter((write) => write.entity === entity && !AGGREGATES[entity].writers.includes(write.method));
    expect(elsewhere).toEqual([]);
  });
});
