/**
 * The argument features a Prisma call uses, read from its argument expressions: object literals
 * directly, and through `const` variables, spreads, conditionals, `as`/`satisfies` and shorthand
 * properties. Anything whose shape cannot be seen statically (a parameter, a function result) is
 * recorded as dynamic, so the call site is flagged for review instead of being guessed movable.
 */
import ts from "typescript";
import { SCALAR_FILTER_KEYS, TO_MANY_RELATION_FILTERS, TO_ONE_RELATION_FILTERS } from "../compat/capabilities.ts";
import { isGeneratedPrismaFile } from "./program.ts";
import type { AppSchema, FieldKind, SchemaModel } from "./schema.ts";

export interface FeatureSet {
  /** Feature names, e.g. `where.contains`, `where.mode:insensitive`, `include`, `data.nested.create`. */
  features: Set<string>;
  /** Paths whose content is not statically known, e.g. `where` (a function parameter). */
  dynamic: Set<string>;
}

export function emptyFeatures(): FeatureSet {
  return { features: new Set(), dynamic: new Set() };
}

const RELATION_FILTERS = new Set([...TO_MANY_RELATION_FILTERS, ...TO_ONE_RELATION_FILTERS]);
const NESTED_WRITES = new Set(["create", "createMany", "connect", "connectOrCreate", "set", "disconnect", "delete", "deleteMany", "update", "updateMany", "upsert"]);
const SCALAR_UPDATES = new Set(["set", "increment", "decrement", "multiply", "divide", "push", "unset"]);
const NESTED_READ_ARGS = new Set(["select", "include", "omit", "where", "orderBy", "take", "skip", "cursor", "distinct"]);
const AGGREGATES = new Set(["_count", "_sum", "_avg", "_min", "_max"]);
const JSON_OPERATORS = /^(path|string_|array_)/;
const LIST_FILTERS = new Set(["has", "hasSome", "hasEvery", "isEmpty", "equals"]);

/** An object whose literal is not in the source but whose type is known (a typed parameter, say). */
export interface TypedObject {
  readonly typed: ts.Type;
  readonly depth: number;
}

export type ObjectSource = ts.ObjectLiteralExpression | TypedObject;

type Resolved =
  | { kind: "objects"; objects: ObjectSource[] }
  | { kind: "arrays"; elements: ts.Expression[] }
  | { kind: "literal" }
  /** `mutated`: the value is assembled by code the inventory cannot follow. */
  | { kind: "dynamic"; mutated?: boolean };

/** What a use of a variable does to it. */
type Use = { kind: "read" } | { kind: "property"; name: string; value: ts.Expression } | { kind: "push"; values: ts.Expression[] } | { kind: "unknown" };

const READ_ONLY_METHODS = new Set(["map", "filter", "some", "every", "find", "includes", "join", "length", "forEach", "slice", "concat", "at", "indexOf"]);

/** How `id` (a reference to a variable) is used: read, given a property, pushed to, or anything else. */
function classifyUse(id: ts.Identifier): Use {
  const parent = id.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.expression === id) {
    const outer = parent.parent;
    if (ts.isBinaryExpression(outer) && outer.left === parent && outer.operatorToken.kind === ts.SyntaxKind.EqualsToken) return { kind: "property", name: parent.name.text, value: outer.right };
    if (ts.isCallExpression(outer) && outer.expression === parent) {
      if (parent.name.text === "push" || parent.name.text === "unshift") return { kind: "push", values: [...outer.arguments] };
      return READ_ONLY_METHODS.has(parent.name.text) ? { kind: "read" } : { kind: "unknown" };
    }
    return { kind: "read" };
  }
  if (ts.isElementAccessExpression(parent) && parent.expression === id) {
    const outer = parent.parent;
    return ts.isBinaryExpression(outer) && outer.left === parent && outer.operatorToken.kind === ts.SyntaxKind.EqualsToken ? { kind: "unknown" } : { kind: "read" };
  }
  // Given to a function: it may fill the object (Object.assign(where, ...), addFilters(where)).
  if (ts.isCallExpression(parent) && parent.arguments.includes(id)) return isPrismaOperationCall(parent) ? { kind: "read" } : { kind: "unknown" };
  if (ts.isBinaryExpression(parent) && parent.left === id && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) return { kind: "unknown" };
  return { kind: "read" };
}

function isPrismaOperationCall(call: ts.CallExpression): boolean {
  return ts.isPropertyAccessExpression(call.expression) && /^(\$|find|create|update|upsert|delete|count|aggregate|groupBy)/.test(call.expression.name.text);
}

/** For `xs.map(cb)` with an inline callback, the expressions the callback returns. */
function mappedElements(call: ts.CallExpression): ts.Expression[] | undefined {
  const callback = call.arguments[0];
  if (!ts.isPropertyAccessExpression(call.expression) || call.expression.name.text !== "map" || !callback) return undefined;
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
  while (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isNonNullExpression(expr) || ts.isSatisfiesExpression(expr) || ts.isTypeAssertionExpression(expr)) expr = expr.expression;
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
    return ts.isPropertyAccessExpression(bare) || ts.isElementAccessExpression(bare) || ts.isIdentifier(bare) || ts.isCallExpression(bare) || ts.isNewExpression(bare);
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
    if (out.features.has("cursor") && out.features.has("orderBy:nullable-field")) out.features.add("cursor.orderBy:nullable");
  }

  /** What an expression evaluates to, as far as the source (or failing that, its type) shows. */
  resolve(expr: ts.Expression, depth = 0): Resolved {
    const known = this.typedValues.get(expr);
    if (known) return this.fromType(known.type, known.depth);
    if (depth > 8) return { kind: "dynamic" };
    if (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isSatisfiesExpression(expr) || ts.isNonNullExpression(expr) || ts.isTypeAssertionExpression(expr)) {
      return this.resolve(expr.expression, depth + 1);
    }
    if (ts.isObjectLiteralExpression(expr)) return { kind: "objects", objects: [expr] };
    if (ts.isArrayLiteralExpression(expr)) return { kind: "arrays", elements: [...expr.elements] };
    if (ts.isConditionalExpression(expr)) return this.merge([this.resolve(expr.whenTrue, depth + 1), this.resolve(expr.whenFalse, depth + 1)]);
    if (
      ts.isBinaryExpression(expr) &&
      (expr.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken || expr.operatorToken.kind === ts.SyntaxKind.BarBarToken || expr.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)
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
      const symbol = ts.isShorthandPropertyAssignment(expr.parent) && expr.parent.name === expr ? this.checker.getShorthandAssignmentValueSymbol(expr.parent) : this.checker.getSymbolAtLocation(expr);
      const initializer = this.constInitializer(symbol);
      if (initializer) {
        const followed = this.withMutations(symbol!, this.resolve(initializer, depth + 1));
        // A `let` given other values later is still a scalar when its type says so.
        if (followed.kind === "dynamic" && followed.mutated && this.fromType(this.checker.getTypeAtLocation(expr), depth).kind === "literal") return { kind: "literal" };
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
    const parts = (type.isUnion() ? type.types : [type]).filter((t) => !(t.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void)));
    if (parts.length === 0 || parts.every((t) => this.isScalar(t))) return { kind: "literal" };
    const structured = parts.filter((t) => !this.isScalar(t));
    if (structured.length !== 1) return { kind: "dynamic" };
    const only = structured[0]!;
    if (this.checker.isArrayType(only)) {
      const [element] = this.checker.getTypeArguments(only as ts.TypeReference);
      return element ? { kind: "arrays", elements: [this.stand(element, depth + 1)] } : { kind: "dynamic" };
    }
    if (!(only.flags & ts.TypeFlags.Object) || only.getCallSignatures().length > 0 || this.checker.getIndexInfosOfType(only).length > 0) return { kind: "dynamic" };
    // Prisma's own input types (`Prisma.UserWhereInput`) list every possible argument, not the ones
    // used: a value of such a type could be anything, so it needs review.
    const declared = only.aliasSymbol?.declarations?.[0] ?? only.getSymbol()?.declarations?.[0];
    const file = declared?.getSourceFile().fileName ?? "";
    if (isGeneratedPrismaFile(file) || file.includes("node_modules")) return { kind: "dynamic" };
    return { kind: "objects", objects: [{ typed: only, depth }] };
  }

  private isScalar(type: ts.Type): boolean {
    if (type.flags & (ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BooleanLike | ts.TypeFlags.BigIntLike | ts.TypeFlags.EnumLike)) return true;
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
    else if (ts.isVariableDeclaration(declaration) && declaration.initializer && (ts.isArrowFunction(declaration.initializer) || ts.isFunctionExpression(declaration.initializer))) {
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
      const extra = ts.factory.createObjectLiteralExpression(mutations.properties.map(([name, value]) => ts.factory.createPropertyAssignment(name, value)));
      return { kind: "objects", objects: [...resolved.objects, extra] };
    }
    if (resolved.kind === "arrays" && mutations.properties.length === 0) {
      return this.merge([resolved, { kind: "arrays", elements: mutations.elements }]);
    }
    return { kind: "dynamic", mutated: true };
  }

  /** What the declaring module does to the variable after its declaration (other modules are not searched). */
  private mutationsOf(symbol: ts.Symbol): { properties: [string, ts.Expression][]; elements: ts.Expression[] } | "unknown" {
    if (symbol.flags & ts.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
    const declaration = symbol.valueDeclaration ?? symbol.declarations?.[0];
    if (!declaration) return { properties: [], elements: [] };
    const scope = declaration.getSourceFile();
    const properties: [string, ts.Expression][] = [];
    const elements: ts.Expression[] = [];
    let unknown = false;
    const visit = (node: ts.Node): void => {
      if (unknown) return;
      if (ts.isIdentifier(node) && node !== (declaration as ts.VariableDeclaration).name && this.checker.getSymbolAtLocation(node) === symbol) {
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
    if (!ts.isVariableDeclarationList(list) || !(list.flags & (ts.NodeFlags.Const | ts.NodeFlags.Let))) return undefined;
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
    return names.length > 0 && names.every((n) => n !== undefined) ? (names) : undefined;
  }

  /** The properties of resolved objects: [name, value] (spreads and computed keys resolved when possible). */
  properties(objects: ObjectSource[], path: string, out: FeatureSet): [string, ts.Expression][] {
    const props: [string, ts.Expression][] = [];
    for (const object of objects) {
      if (!ts.isObjectLiteralExpression(object as ts.Node)) {
        const { typed, depth } = object as TypedObject;
        for (const p of typed.getProperties()) props.push([p.getName(), this.stand(this.checker.getTypeOfSymbol(p), depth + 1)]);
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
    const constraint = declaration && ts.isMethodSignature(declaration) ? declaration.typeParameters?.[0]?.constraint : undefined;
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
      .flatMap((t) => (this.checker.isArrayType(t) ? (this.checker.getTypeArguments(t as ts.TypeReference) as ts.Type[]) : [t]));
  }
}

function propertyName(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) return name.text;
  return undefined;
}

/** Records a part whose content is not visible, saying so when it is assembled by mutation. */
function markDynamic(out: FeatureSet, path: string, resolved: Resolved): void {
  out.dynamic.add(resolved.kind === "dynamic" && resolved.mutated ? `${path} (built by mutation)` : path);
}

/** Reads the features of a model operation's argument object. */
export function analyzeArgs(reader: ArgumentReader, arg: ts.Expression | undefined, out: FeatureSet): void {
  if (!arg) return;
  const resolved = reader.resolve(arg);
  if (resolved.kind === "dynamic") {
    markDynamic(out, "args", resolved);
    return;
  }
  if (resolved.kind !== "objects") return;
  for (const [key, value] of reader.properties(resolved.objects, "args", out)) topLevel(reader, key, value, out);
}

function topLevel(reader: ArgumentReader, key: string, value: ts.Expression, out: FeatureSet): void {
  switch (key) {
    case "where":
    case "cursor":
      out.features.add(key);
      where(reader, value, key, out);
      return;
    case "select":
    case "include":
    case "omit":
      out.features.add(key);
      selection(reader, value, key, out);
      return;
    case "orderBy":
      out.features.add(key);
      orderBy(reader, value, key, out);
      return;
    case "take":
    case "skip":
    case "distinct":
    case "skipDuplicates":
    case "limit":
    case "by":
    case "relationLoadStrategy":
      out.features.add(key);
      if (key === "take" && ts.isPrefixUnaryExpression(value) && value.operator === ts.SyntaxKind.MinusToken) out.features.add("take:negative");
      return;
    case "data":
    case "create":
    case "update":
      out.features.add(key);
      data(reader, value, key, out, [key]);
      return;
    case "having": {
      out.features.add("having");
      const resolved = reader.resolve(value);
      if (resolved.kind === "objects" && reader.properties(resolved.objects, "having", emptyFeatures()).some(([k]) => AGGREGATES.has(k))) out.features.add("having:top-level-aggregate");
      where(reader, value, "having", out);
      return;
    }
    default:
      if (AGGREGATES.has(key)) {
        out.features.add(`aggregate.${key}`);
        return;
      }
      out.features.add(`unknown-argument:${key}`);
  }
}

function forEachObject(reader: ArgumentReader, value: ts.Expression, path: string, out: FeatureSet, visit: (objects: ObjectSource[]) => void): void {
  const resolved = reader.resolve(value);
  if (resolved.kind === "dynamic") markDynamic(out, path, resolved);
  else if (resolved.kind === "objects") visit(resolved.objects);
  else if (resolved.kind === "arrays") for (const element of resolved.elements) forEachObject(reader, element, path, out, visit);
}

/** `prisma.task.fields.position`: `fields` of a model delegate (a relation named `fields` is not one). */
function usesFieldReference(reader: ArgumentReader, value: ts.Expression): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === "fields" && reader.isDelegate(node.expression.expression)) found = true;
    if (!found) ts.forEachChild(node, visit);
  };
  visit(value);
  return found;
}

/** A `where` (or `having`, or a relation filter's inner where). */
function where(reader: ArgumentReader, value: ts.Expression, path: string, out: FeatureSet): void {
  forEachObject(reader, value, path, out, (objects) => {
    for (const [key, inner] of reader.properties(objects, path, out)) {
      if (key === "AND" || key === "OR" || key === "NOT") {
        out.features.add(`where.${key}`);
        where(reader, inner, path, out);
        continue;
      }
      if (usesFieldReference(reader, inner)) out.features.add("fieldReference");
      const resolved = reader.resolve(inner);
      if (resolved.kind === "dynamic") {
        if (!reader.unknownIsScalar(path, key, inner, resolved.mutated)) markDynamic(out, `${path}.${key}`, resolved);
        continue;
      }
      if (resolved.kind !== "objects") continue;
      const props = reader.properties(resolved.objects, `${path}.${key}`, out);
      if (props.length === 0) continue;
      if (props.some(([op]) => SCALAR_FILTER_KEYS.has(op) || RELATION_FILTERS.has(op) || AGGREGATES.has(op))) {
        const kind = reader.fieldKind(path, key);
        for (const [op] of props) {
          // The facade filters Json fields by equals/not only, and lists by has*/isEmpty/equals.
          // (Json-only operators such as `path` are named by their own feature already.)
          if (kind === "json" && op !== "equals" && op !== "not" && !JSON_OPERATORS.test(op)) out.features.add("where.json:operator");
          if (kind === "list" && !LIST_FILTERS.has(op)) out.features.add("where.list:operator");
        }
        for (const [op, operand] of props) {
          if (RELATION_FILTERS.has(op)) {
            out.features.add(`where.relation.${op}`);
            where(reader, operand, `${path}.${key}.${op}`, out);
          } else if (AGGREGATES.has(op)) {
            out.features.add(`having.${op}`);
          } else filterOperator(reader, op, operand, `${path}.${key}`, out);
        }
        continue;
      }
      // A relation filter written without `is` (`owner: { email: ... }`) or a compound unique key.
      out.features.add("where.nested");
      where(reader, inner, `${path}.${key}`, out);
    }
  });
}

/** One operator of a scalar filter (`contains`, `mode`, `not: { ... }`). */
function filterOperator(reader: ArgumentReader, op: string, operand: ts.Expression, path: string, out: FeatureSet): void {
  if (op === "mode") {
    const modes = reader.literalValues(operand);
    out.features.add(modes?.length === 1 ? `where.mode:${modes[0]}` : "where.mode");
    return;
  }
  out.features.add(SCALAR_FILTER_KEYS.has(op) ? `where.${op}` : `unknown-filter:${op}`);
  if (op !== "not") return;
  const nested = reader.resolve(operand);
  if (nested.kind === "dynamic") out.dynamic.add(`${path}.not`);
  if (nested.kind !== "objects") return;
  for (const [inner, value] of reader.properties(nested.objects, `${path}.not`, out)) filterOperator(reader, inner, value, `${path}.not`, out);
}

function orderBy(reader: ArgumentReader, value: ts.Expression, path: string, out: FeatureSet): void {
  forEachObject(reader, value, path, out, (objects) => {
    for (const [key, inner] of reader.properties(objects, path, out)) {
      if (key === "_relevance") {
        out.features.add("orderBy._relevance");
        continue;
      }
      const kind = reader.fieldKind(path, key);
      if (kind === "json") out.features.add("orderBy.json");
      if (reader.model?.nullable.has(key)) out.features.add("orderBy:nullable-field");
      const resolved = reader.resolve(inner);
      if (resolved.kind === "dynamic" && !reader.unknownIsScalar(path, key, inner, resolved.mutated)) markDynamic(out, `${path}.${key}`, resolved);
      if (resolved.kind !== "objects") continue;
      const props = reader.properties(resolved.objects, `${path}.${key}`, out).map(([k]) => k);
      if (kind === "relation" && reader.model?.toMany.has(key) && !(props.length === 1 && props[0] === "_count")) out.features.add("orderBy.toMany:other");
      if (props.includes("sort") || props.includes("nulls")) out.features.add(props.includes("nulls") ? "orderBy.nulls" : "orderBy.sort");
      else if (props.includes("_count")) out.features.add("orderBy.relationCount");
      else if (AGGREGATES.has(key)) out.features.add(`orderBy.${key}`);
      else out.features.add("orderBy.relation");
    }
  });
}

function selection(reader: ArgumentReader, value: ts.Expression, path: string, out: FeatureSet): void {
  forEachObject(reader, value, path, out, (objects) => {
    for (const [key, inner] of reader.properties(objects, path, out)) {
      const resolved = reader.resolve(inner);
      if (resolved.kind === "dynamic") {
        out.dynamic.add(`${path}.${key}`);
        continue;
      }
      if (key === "_count") {
        out.features.add("select._count");
        if (resolved.kind === "objects") {
          for (const [, sel] of reader.properties(resolved.objects, `${path}._count`, out)) {
            forEachObject(reader, sel, `${path}._count`, out, (selObjects) => {
              for (const [, rel] of reader.properties(selObjects, `${path}._count.select`, out)) {
                forEachObject(reader, rel, `${path}._count.select`, out, (relObjects) => {
                  for (const [k, w] of reader.properties(relObjects, `${path}._count.select`, out)) {
                    if (k === "where") {
                      out.features.add("select._count.where");
                      where(reader, w, `${path}._count.where`, out);
                    }
                  }
                });
              }
            });
          }
        }
        continue;
      }
      if (resolved.kind !== "objects") continue;
      out.features.add("relation");
      for (const [arg, nested] of reader.properties(resolved.objects, `${path}.${key}`, out)) {
        if (arg === "relationLoadStrategy") {
          out.features.add("relation.relationLoadStrategy");
          continue;
        }
        if (!NESTED_READ_ARGS.has(arg)) {
          out.features.add(`unknown-argument:${path}.${key}.${arg}`);
          continue;
        }
        out.features.add(`relation.${arg}`);
        if (arg === "where" || arg === "cursor") where(reader, nested, `${path}.${key}.${arg}`, out);
        else if (arg === "orderBy") orderBy(reader, nested, `${path}.${key}.orderBy`, out);
        else if (arg === "select" || arg === "include" || arg === "omit") selection(reader, nested, `${path}.${key}.${arg}`, out);
      }
    }
  });
}

/** `data` of create/update/upsert/createMany: scalar operations and nested writes. */
function data(reader: ArgumentReader, value: ts.Expression, path: string, out: FeatureSet, typePath: readonly string[] = [path]): void {
  forEachObject(reader, value, path, out, (objects) => {
    for (const [key, inner] of reader.properties(objects, path, out)) {
      if (usesFieldReference(reader, inner)) out.features.add("fieldReference");
      const resolved = reader.resolve(inner);
      if (resolved.kind === "dynamic") {
        // A value built at run time is harmless for a scalar or Json field (it cannot hold nested
        // writes); for a relation field, or when the field's kind is unknown, it needs review.
        const kind = reader.fieldKind(path, key);
        const inputTypes = reader.typeNamesAt([...typePath, key]);
        const harmless = kind !== undefined ? kind !== "relation" : inputTypes.length > 0 ? !inputTypes.some(isRelationInput) : reader.unknownIsScalar(path, key, inner, resolved.mutated);
        if (!harmless) markDynamic(out, `${path}.${key}`, resolved);
        continue;
      }
      if (resolved.kind !== "objects") continue;
      const props = reader.properties(resolved.objects, `${path}.${key}`, out);
      const names = props.map(([k]) => k);
      if (names.length > 0 && names.every((n) => SCALAR_UPDATES.has(n)) && !names.some((n) => NESTED_WRITES.has(n) && n !== "set")) {
        for (const n of names) out.features.add(`data.${n}`);
        continue;
      }
      if (names.length > 0 && names.every((n) => NESTED_WRITES.has(n))) {
        const inputTypes = reader.typeNamesAt([...typePath, key]);
        const toOne = inputTypes.some((n) => /(CreateNestedOne|UpdateOne|CreateOne)/.test(n));
        const known = inputTypes.length > 0;
        for (const [op, operand] of props) {
          out.features.add(`data.nested.${op}`);
          if (op === "upsert" || op === "delete" || (op === "disconnect" && !isBooleanLiteral(operand))) {
            if (toOne) out.features.add(`data.nested.${op === "disconnect" ? "disconnect-filter" : op}:to-one`);
            else if (!known) out.dynamic.add(`${path}.${key}.${op} (relation kind unknown)`);
          }
          nestedWrite(reader, op, operand, `${path}.${key}.${op}`, out, [...typePath, key, op]);
        }
        continue;
      }
      // Anything else is a Json value (or a compound value): it carries no Prisma features.
    }
  });
}

/** The arguments inside one nested write (`create: {...}`, `connectOrCreate: { where, create }`, ...). */
function nestedWrite(reader: ArgumentReader, op: string, operand: ts.Expression, path: string, out: FeatureSet, typePath: readonly string[]): void {
  if (isBooleanLiteral(operand)) return;
  if (op === "create") return data(reader, operand, path, out, typePath);
  if (op === "connect" || op === "disconnect" || op === "delete" || op === "set" || op === "deleteMany") return where(reader, operand, path, out);
  forEachObject(reader, operand, path, out, (items) => {
    const props = reader.properties(items, path, out);
    const wrapped = props.some(([k]) => k === "where" || k === "data" || k === "create" || k === "update" || k === "skipDuplicates");
    if (!wrapped) return data(reader, operand, path, out, typePath);
    for (const [k, v] of props) {
      if (k === "where") where(reader, v, `${path}.where`, out);
      else if (k === "data" || k === "create" || k === "update") data(reader, v, `${path}.${k}`, out, [...typePath, k]);
      else if (k === "skipDuplicates") out.features.add("skipDuplicates");
      else out.features.add(`unknown-argument:${path}.${k}`);
    }
  });
}

/** Prisma's generated input types for writes through a relation field. */
function isRelationInput(typeName: string): boolean {
  return /Nested(One|Many)|NestedInput$|CreateOrConnect|CreateMany\w*InputEnvelope/.test(typeName);
}

function isBooleanLiteral(expr: ts.Expression): boolean {
  return expr.kind === ts.SyntaxKind.TrueKeyword || expr.kind === ts.SyntaxKind.FalseKeyword;
}
