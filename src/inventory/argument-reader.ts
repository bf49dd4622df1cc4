/**
 * Reads argument expressions of a Prisma call as the values they will be: object literals directly,
 * and through `const` variables, spreads, conditionals, `as`/`satisfies`, shorthand properties,
 * `.map` callbacks and typed parameters (by their type). It knows no Prisma grammar: features.ts
 * walks what it resolves.
 */
import ts from "typescript";
import type { FeatureSet } from "./feature-set.ts";
import { isGeneratedPrismaFile } from "./program.ts";
import type { AppSchema, FieldKind, SchemaModel } from "./schema.ts";

/** An object whose literal is not in the source but whose type is known (a typed parameter, say). */
export interface TypedObject {
  readonly typed: ts.Type;
  readonly depth: number;
}

export type ObjectSource = ts.ObjectLiteralExpression | TypedObject;

/** What an argument expression resolves to. */
export type Resolved =
  | { kind: "objects"; objects: ObjectSource[] }
  | { kind: "arrays"; elements: ts.Expression[] }
  | { kind: "literal" }
  /** `mutated`: the value is assembled by code the inventory cannot follow. */
  | { kind: "dynamic"; mutated?: boolean };

/** What a use of a variable does to it. */
type Use =
  | { kind: "read" }
  | { kind: "property"; name: string; value: ts.Expression }
  | { kind: "push"; values: ts.Expression[] }
  | { kind: "unknown" };

const READ_ONLY_METHODS = new Set([
  "map",
  "filter",
  "some",
  "every",
  "find",
  "includes",
  "join",
  "length",
  "forEach",
  "slice",
  "concat",
  "at",
  "indexOf",
]);

/** How `id` (a reference to a variable) is used: read, given a property, pushed to, or anything else. */
function classifyUse(id: ts.Identifier): Use {
  const parent = id.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.expression === id) {
    const outer = parent.parent;
    if (ts.isBinaryExpression(outer) && outer.left === parent && outer.operatorToken.kind === ts.SyntaxKind.EqualsToken)
      return { kind: "property", name: parent.name.text, value: outer.right };
    if (ts.isCallExpression(outer) && outer.expression === parent) {
      if (parent.name.text === "push" || parent.name.text === "unshift")
        return { kind: "push", values: [...outer.arguments] };
      return READ_ONLY_METHODS.has(parent.name.text) ? { kind: "read" } : { kind: "unknown" };
    }
    return { kind: "read" };
  }
  if (ts.isElementAccessExpression(parent) && parent.expression === id) {
    const outer = parent.parent;
    return ts.isBinaryExpression(outer) &&
      outer.left === parent &&
      outer.operatorToken.kind === ts.SyntaxKind.EqualsToken
      ? { kind: "unknown" }
      : { kind: "read" };
  }
  // Given to a function: it may fill the object (Object.assign(where, ...), addFilters(where)).
  if (ts.isCallExpression(parent) && parent.arguments.includes(id))
    return isPrismaOperationCall(parent) ? { kind: "read" } : { kind: "unknown" };
  if (ts.isBinaryExpression(parent) && parent.left === id && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken)
    return { kind: "unknown" };
  return { kind: "read" };
}

function isPrismaOperationCall(call: ts.CallExpression): boolean {
  return (
    ts.isPropertyAccessExpression(call.expression) &&
    /^(\$|find|create|update|upsert|delete|count|aggregate|groupBy)/.test(call.expression.name.text)
  );
}

/** For `xs.map(cb)` with an inline callback, the expressions the callback returns. */
function mappedElements(call: ts.CallExpression): ts.Expression[] | undefined {
  const callback = call.arguments[0];
  if (!ts.isPropertyAccessExpression(call.expression) || call.expression.name.text !== "map" || !callback)
    return undefined;
  if (!ts.isArrowFunction(callback) && !ts.isFunctionExpression(callback)) return undefined;
  if (!ts.isBlock(callback.body)) return [callback.body];
  const returns: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node)) return;
    if (ts.isReturnStatement(node) && node.expression) returns.push(node.expression);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(callback.body, visit);
  return returns.length > 0 ? returns : undefined;
}

function skipWrappers(expr: ts.Expression): ts.Expression {
  while (
    ts.isParenthesizedExpression(expr) ||
    ts.isAsExpression(expr) ||
    ts.isNonNullExpression(expr) ||
    ts.isSatisfiesExpression(expr) ||
    ts.isTypeAssertionExpression(expr)
  )
    expr = expr.expression;
  return expr;
}

const PLAIN_OBJECT_TYPES = new Set(["Date", "Decimal", "Buffer", "Uint8Array"]);

/** Reads argument expressions with the help of the type checker (which may know nothing). */
export class ArgumentReader {
  /** Stand-in expressions for values known only by type (properties of a {@link TypedObject}). */
  private readonly typedValues = new WeakMap<ts.Node, { type: ts.Type; depth: number }>();

  constructor(
    private readonly checker: ts.TypeChecker,
    private readonly schema?: AppSchema,
  ) {}

  /** Whether an expression is a Prisma model delegate (for `prisma.user.fields.x`); set by the detector. */
  isDelegate: (expr: ts.Expression) => boolean = () => false;

  /** The schema model of the call being read, when the app's schema names it. */
  model: SchemaModel | undefined;

  /**
   * The kind of field `key` at argument path `path`, when the path is the call's own model (the
   * top-level where/data/orderBy/cursor, through AND/OR/NOT) and the schema knows it.
   */
  fieldKind(path: string, key: string): FieldKind | undefined {
    return /^(where|cursor|data|create|update|orderBy|having)$/.test(path) ? this.model?.fields.get(key) : undefined;
  }

  /**
   * Whether a value whose type did not resolve can be taken as a plain scalar: a field the schema
   * says is a scalar or enum; with no schema word on the field, a value read from somewhere
   * (`user.id`, `Role.ADMIN`, a zod-parsed `input.email`) rather than an object built here.
   */
  unknownIsScalar(path: string, key: string, value: ts.Expression, mutated = false): boolean {
    const kind = this.fieldKind(path, key);
    if (kind !== undefined) return kind === "scalar" || kind === "list";
    // Assembled by code the inventory cannot follow, on a field it knows nothing of: could be a filter.
    if (mutated) return false;
    if (this.model?.fields.size && /^(where|cursor|data|create|update|orderBy)$/.test(path)) return false;
    const type = this.typedValues.get(value)?.type ?? this.checker.getTypeAtLocation(value);
    if (!(type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown))) return false;
    const bare = skipWrappers(value);
    return (
      ts.isPropertyAccessExpression(bare) ||
      ts.isElementAccessExpression(bare) ||
      ts.isIdentifier(bare) ||
      ts.isCallExpression(bare) ||
      ts.isNewExpression(bare)
    );
  }

  /** Features only the schema shows (columns the facade cannot read), for the call being read. */
  schemaFeatures(operation: string, out: FeatureSet): void {
    const model = this.model;
    if (!model || ![...model.fields.values()].includes("unsupported")) return;
    const returnsRows = !/^(count|aggregate|groupBy|deleteMany|updateMany|createMany)$/.test(operation);
    // The facade decodes every selected column: without a `select`, the unsupported one is read.
    if (returnsRows && !out.features.has("select")) out.features.add("model:unsupported-column");
  }

  /** Combines what one argument shows with another: keyset pagination over a nullable order key. */
  combinedFeatures(out: FeatureSet): void {
    if (out.features.has("cursor") && out.features.has("orderBy:nullable-field"))
      out.features.add("cursor.orderBy:nullable");
  }

  /** What an expression evaluates to, as far as the source (or failing that, its type) shows. */
  resolve(expr: ts.Expression, depth = 0): Resolved {
    const known = this.typedValues.get(expr);
    if (known) return this.fromType(known.type, known.depth);
    if (depth > 8) return { kind: "dynamic" };
    if (
      ts.isParenthesizedExpression(expr) ||
      ts.isAsExpression(expr) ||
      ts.isSatisfiesExpression(expr) ||
      ts.isNonNullExpression(expr) ||
      ts.isTypeAssertionExpression(expr)
    ) {
      return this.resolve(expr.expression, depth + 1);
    }
    if (ts.isObjectLiteralExpression(expr)) return { kind: "objects", objects: [expr] };
    if (ts.isArrayLiteralExpression(expr)) return { kind: "arrays", elements: [...expr.elements] };
    if (ts.isConditionalExpression(expr))
      return this.merge([this.resolve(expr.whenTrue, depth + 1), this.resolve(expr.whenFalse, depth + 1)]);
    if (
      ts.isBinaryExpression(expr) &&
      (expr.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken ||
        expr.operatorToken.kind === ts.SyntaxKind.BarBarToken ||
        expr.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)
    ) {
      return this.merge([this.resolve(expr.left, depth + 1), this.resolve(expr.right, depth + 1)]);
    }
    if (ts.isCallExpression(expr)) {
      // `rows.map((r) => ({ ... }))`: an array of what the callback returns, whatever `rows` is.
      const mapped = mappedElements(expr);
      if (mapped) return { kind: "arrays", elements: mapped };
      const returned = this.returnedExpressions(expr);
      if (returned) return this.merge(returned.map((r) => this.resolve(r, depth + 1)));
    }
    if (ts.isIdentifier(expr)) {
      if (expr.text === "undefined") return { kind: "literal" };
      // In `{ where }` the name is the property; the value is the variable it stands for.
      const symbol =
        ts.isShorthandPropertyAssignment(expr.parent) && expr.parent.name === expr
          ? this.checker.getShorthandAssignmentValueSymbol(expr.parent)
          : this.checker.getSymbolAtLocation(expr);
      const initializer = this.constInitializer(symbol);
      if (initializer) {
        const followed = this.withMutations(symbol!, this.resolve(initializer, depth + 1));
        // A `let` given other values later is still a scalar when its type says so.
        if (
          followed.kind === "dynamic" &&
          followed.mutated &&
          this.fromType(this.checker.getTypeAtLocation(expr), depth).kind === "literal"
        )
          return { kind: "literal" };
        return followed;
      }
    }
    if (
      ts.isStringLiteralLike(expr) ||
      ts.isNumericLiteral(expr) ||
      ts.isBigIntLiteral(expr) ||
      ts.isPrefixUnaryExpression(expr) ||
      ts.isTemplateExpression(expr) ||
      expr.kind === ts.SyntaxKind.TrueKeyword ||
      expr.kind === ts.SyntaxKind.FalseKeyword ||
      expr.kind === ts.SyntaxKind.NullKeyword
    ) {
      return { kind: "literal" };
    }
    return this.fromType(this.checker.getTypeAtLocation(expr), depth);
  }

  /**
   * What a value of `type` can be: a scalar (no structure), an object with known property names
   * (walked like a literal, every optional property included), an array of such, or unknowable
   * (`any`, index signatures, unions of different object shapes).
   */
  private fromType(type: ts.Type, depth: number): Resolved {
    if (depth > 8 || type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return { kind: "dynamic" };
    const parts = (type.isUnion() ? type.types : [type]).filter(
      (t) => !(t.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void)),
    );
    if (parts.length === 0 || parts.every((t) => this.isScalar(t))) return { kind: "literal" };
    const structured = parts.filter((t) => !this.isScalar(t));
    if (structured.length !== 1) return { kind: "dynamic" };
    const only = structured[0]!;
    if (this.checker.isArrayType(only)) {
      const [element] = this.checker.getTypeArguments(only as ts.TypeReference);
      return element ? { kind: "arrays", elements: [this.stand(element, depth + 1)] } : { kind: "dynamic" };
    }
    if (
      !(only.flags & ts.TypeFlags.Object) ||
      only.getCallSignatures().length > 0 ||
      this.checker.getIndexInfosOfType(only).length > 0
    )
      return { kind: "dynamic" };
    // Prisma's own input types (`Prisma.UserWhereInput`) list every possible argument, not the ones
    // used: a value of such a type could be anything, so it needs review.
    const declared = only.aliasSymbol?.declarations?.[0] ?? only.getSymbol()?.declarations?.[0];
    const file = declared?.getSourceFile().fileName ?? "";
    if (isGeneratedPrismaFile(file) || file.includes("node_modules")) return { kind: "dynamic" };
    return { kind: "objects", objects: [{ typed: only, depth }] };
  }

  private isScalar(type: ts.Type): boolean {
    if (
      type.flags &
      (ts.TypeFlags.StringLike |
        ts.TypeFlags.NumberLike |
        ts.TypeFlags.BooleanLike |
        ts.TypeFlags.BigIntLike |
        ts.TypeFlags.EnumLike)
    )
      return true;
    return PLAIN_OBJECT_TYPES.has(type.getSymbol()?.getName() ?? "");
  }

  /** A stand-in expression for a value known only by its type. */
  private stand(type: ts.Type, depth: number): ts.Expression {
    const node = ts.factory.createIdentifier("__typed_value");
    this.typedValues.set(node, { type, depth });
    return node;
  }

  private merge(parts: Resolved[]): Resolved {
    const objects: ObjectSource[] = [];
    const elements: ts.Expression[] = [];
    for (const p of parts) {
      if (p.kind === "dynamic") return p;
      if (p.kind === "objects") objects.push(...p.objects);
      else if (p.kind === "arrays") elements.push(...p.elements);
    }
    if (objects.length > 0) return { kind: "objects", objects };
    if (elements.length > 0) return { kind: "arrays", elements };
    return { kind: "literal" };
  }

  /**
   * For a call of a function declared in the codebase (a helper building a filter, say), the
   * expressions its body returns; undefined when the callee's body is not available.
   */
  private returnedExpressions(call: ts.CallExpression): ts.Expression[] | undefined {
    let symbol = this.checker.getSymbolAtLocation(call.expression);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
    const declaration = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
    if (!declaration || declaration.getSourceFile().isDeclarationFile) return undefined;
    let body: ts.ConciseBody | undefined;
    if (ts.isFunctionDeclaration(declaration) || ts.isMethodDeclaration(declaration)) body = declaration.body;
    else if (
      ts.isVariableDeclaration(declaration) &&
      declaration.initializer &&
      (ts.isArrowFunction(declaration.initializer) || ts.isFunctionExpression(declaration.initializer))
    ) {
      body = declaration.initializer.body;
    }
    if (!body) return undefined;
    if (!ts.isBlock(body)) return [body];
    const returns: ts.Expression[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isFunctionLike(node)) return;
      if (ts.isReturnStatement(node) && node.expression) returns.push(node.expression);
      ts.forEachChild(node, visit);
    };
    ts.forEachChild(body, visit);
    return returns.length > 0 ? returns : undefined;
  }

  /**
   * Adds what the code puts into a variable after declaring it (`where.metadata = {...}`,
   * `conditions.push(...)`) to what its initializer shows, so a filter assembled step by step is
   * judged by what it really holds. Anything else done with it (passed to a function that may fill
   * it, `Object.assign`, an assignment through a computed key) makes it dynamic.
   */
  private withMutations(symbol: ts.Symbol, resolved: Resolved): Resolved {
    const mutations = this.mutationsOf(symbol);
    if (mutations === "unknown") return { kind: "dynamic", mutated: true };
    if (mutations.properties.length === 0 && mutations.elements.length === 0) return resolved;
    if (resolved.kind === "objects" && mutations.elements.length === 0) {
      const extra = ts.factory.createObjectLiteralExpression(
        mutations.properties.map(([name, value]) => ts.factory.createPropertyAssignment(name, value)),
      );
      return { kind: "objects", objects: [...resolved.objects, extra] };
    }
    if (resolved.kind === "arrays" && mutations.properties.length === 0) {
      return this.merge([resolved, { kind: "arrays", elements: mutations.elements }]);
    }
    return { kind: "dynamic", mutated: true };
  }

  /** What the declaring module does to the variable after its declaration (other modules are not searched). */
  private mutationsOf(
    symbol: ts.Symbol,
  ): { properties: [string, ts.Expression][]; elements: ts.Expression[] } | "unknown" {
    if (symbol.flags & ts.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
    const declaration = symbol.valueDeclaration ?? symbol.declarations?.[0];
    if (!declaration) return { properties: [], elements: [] };
    const scope = declaration.getSourceFile();
    const properties: [string, ts.Expression][] = [];
    const elements: ts.Expression[] = [];
    let unknown = false;
    const visit = (node: ts.Node): void => {
      if (unknown) return;
      if (
        ts.isIdentifier(node) &&
        node !== (declaration as ts.VariableDeclaration).name &&
        this.checker.getSymbolAtLocation(node) === symbol
      ) {
        const use = classifyUse(node);
        if (use.kind === "property") properties.push([use.name, use.value]);
        else if (use.kind === "push") elements.push(...use.values);
        else if (use.kind === "unknown") unknown = true;
      }
      ts.forEachChild(node, visit);
    };
    visit(scope);
    return unknown ? "unknown" : { properties, elements };
  }

  /** The initializer of a `const` declaration (never reassigned), if that is where `symbol` comes from. */
  private constInitializer(symbol: ts.Symbol | undefined): ts.Expression | undefined {
    // An imported binding: follow it to the module that declares it.
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
    const declaration = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
    if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return undefined;
    const list = declaration.parent;
    // `let` too: a reassignment is caught by withMutations (it makes the value dynamic).
    if (!ts.isVariableDeclarationList(list) || !(list.flags & (ts.NodeFlags.Const | ts.NodeFlags.Let)))
      return undefined;
    if (!ts.isIdentifier(declaration.name)) return undefined;
    return declaration.initializer;
  }

  /** The checker's type of an expression (`any` when the code does not resolve). */
  typeOf(expr: ts.Expression): ts.Type {
    return this.checker.getTypeAtLocation(expr);
  }

  isArray(type: ts.Type): boolean {
    return this.checker.isArrayType(type) || this.checker.isTupleType(type);
  }

  /** The string literals a value can be (`"insensitive"`), from its type; undefined if not only literals. */
  literalValues(expr: ts.Expression): string[] | undefined {
    return this.literalNames(expr);
  }

  /** The string literals an expression's type allows (`"name" | "createdAt"`), if that is all it allows. */
  private literalNames(expr: ts.Expression): string[] | undefined {
    const type = this.typedValues.get(expr)?.type ?? this.checker.getTypeAtLocation(expr);
    const parts = type.isUnion() ? type.types : [type];
    const names = parts.map((t) => (t.isStringLiteral() ? t.value : undefined));
    return names.length > 0 && names.every((n) => n !== undefined) ? names : undefined;
  }

  /** The properties of resolved objects: [name, value] (spreads and computed keys resolved when possible). */
  properties(objects: ObjectSource[], path: string, out: FeatureSet): [string, ts.Expression][] {
    const props: [string, ts.Expression][] = [];
    for (const object of objects) {
      if (!ts.isObjectLiteralExpression(object as ts.Node)) {
        const { typed, depth } = object as TypedObject;
        for (const p of typed.getProperties())
          props.push([p.getName(), this.stand(this.checker.getTypeOfSymbol(p), depth + 1)]);
        continue;
      }
      for (const p of (object as ts.ObjectLiteralExpression).properties) {
        if (ts.isPropertyAssignment(p)) {
          const name = propertyName(p.name);
          if (name !== undefined) props.push([name, p.initializer]);
          else {
            // `{ [sort.field]: ... }`: fine when the key's type lists the possible names.
            const names = ts.isComputedPropertyName(p.name) ? this.literalNames(p.name.expression) : undefined;
            if (names) for (const n of names) props.push([n, p.initializer]);
            else out.dynamic.add(`${path}[computed key]`);
          }
        } else if (ts.isShorthandPropertyAssignment(p)) {
          // Resolved through the variable (and what the code does to it after), see resolve().
          props.push([p.name.text, p.name]);
        } else if (ts.isSpreadAssignment(p)) {
          const spread = this.resolve(p.expression);
          if (spread.kind === "objects") props.push(...this.properties(spread.objects, path, out));
          else if (spread.kind === "dynamic") out.dynamic.add(`${path}[...spread]`);
        } else {
          out.dynamic.add(`${path}[method]`);
        }
      }
    }
    return props;
  }

  /**
   * The declared argument type of the call being read (`ProjectUpdateArgs`: the constraint of the
   * operation's type parameter), so nested inputs can be named even though the call's own type
   * argument is inferred from the literal.
   */
  argsType: ts.Type | undefined;

  setCall(call: ts.CallExpression, model?: string): void {
    this.argsType = undefined;
    this.model = model === undefined ? undefined : this.schema?.models.get(model);
    const declaration = this.checker.getResolvedSignature(call)?.getDeclaration();
    const constraint =
      declaration && ts.isMethodSignature(declaration) ? declaration.typeParameters?.[0]?.constraint : undefined;
    if (constraint) this.argsType = this.checker.getTypeFromTypeNode(constraint);
  }

  /** Names of the input types at a property path of the arguments (e.g. `UserUpdateOneRequired...Input`). */
  typeNamesAt(path: readonly string[]): string[] {
    if (!this.argsType) return [];
    let current: ts.Type[] = [this.argsType];
    for (const segment of path) {
      const next: ts.Type[] = [];
      for (const type of current.flatMap((t) => this.expand(t))) {
        const property = type.getProperty(segment);
        if (property) next.push(this.checker.getTypeOfSymbol(property));
      }
      current = next;
      if (current.length === 0) return [];
    }
    return current
      .flatMap((t) => this.expand(t))
      .map((t) => t.aliasSymbol?.getName() ?? t.getSymbol()?.getName() ?? "")
      .filter((n) => n !== "" && n !== "__type");
  }

  /** Union members and array elements, without null/undefined. */
  private expand(type: ts.Type): ts.Type[] {
    const parts = type.isUnion() ? type.types : [type];
    return parts
      .filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)))
      .flatMap((t) =>
        this.checker.isArrayType(t) ? (this.checker.getTypeArguments(t as ts.TypeReference) as ts.Type[]) : [t],
      );
  }
}

/** The static name of a property, when it has one. */
function propertyName(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name))
    return name.text;
  return undefined;
}
