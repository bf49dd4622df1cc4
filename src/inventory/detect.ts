/**
 * Finds Prisma Client call sites: `client.model.operation(args)`, `client.$transaction(...)`,
 * `` client.$queryRaw`...` `` and the other `$` members, through any expression typed as a Prisma
 * client, an interactive-transaction client, a facade typed like one, or a model delegate held in
 * a variable. When types cannot be resolved (the code does not compile, the client is not
 * generated), evidence is used instead: a model of the app's schema as first member with a Prisma
 * operation, a `$`-member of Prisma Client, a value made by `new PrismaClient`/`$extends` or
 * declared as (part of) a `PrismaClient`; with no schema to check, a receiver named like a client.
 */
import ts from "typescript";
import { COMPAT_CLIENT_MEMBERS, COMPAT_OPERATIONS, UNSUPPORTED_FEATURES } from "../compat/capabilities.ts";
import { ArgumentReader } from "./argument-reader.ts";
import { type FeatureSet, emptyFeatures } from "./feature-set.ts";
import { analyzeArgs } from "./features.ts";
import type { AppSchema } from "./schema.ts";

/** Every model operation of Prisma Client (any provider). */
const PRISMA_OPERATIONS = new Set<string>([...COMPAT_OPERATIONS, "findRaw", "aggregateRaw"]);

/** Client members (`$...`) of Prisma Client: a call of one is evidence of a client even untyped. */
const PRISMA_CLIENT_MEMBERS = new Set<string>([
  ...COMPAT_CLIENT_MEMBERS,
  ...Object.keys(UNSUPPORTED_FEATURES).filter((k) => k.startsWith("$")),
  "$extends",
  "$on",
  "$use",
]);

/** `$`-members other libraries have too: evidence of a Prisma client only with other evidence. */
const GENERIC_MEMBERS = new Set(["$on", "$use", "$connect", "$disconnect", "$metrics"]);

export interface CallSite {
  file: string;
  line: number;
  column: number;
  /** Client property of the model (`user`), or "$client" for client members. */
  model: string;
  /** `findMany`, `$transaction`, `$queryRaw`, ... */
  operation: string;
  features: FeatureSet;
  /**
   * How the receiver was recognised: "type" (the checker resolved a Prisma client or delegate),
   * "evidence" (a schema model as first member, a `$`-member of Prisma Client, a declaration typed
   * `PrismaClient`/`Omit<PrismaClient, ...>`, a client made by `new PrismaClient` or `$extends`),
   * or "name" (no schema to check against: the receiver is named like a client).
   */
  detectedBy: "type" | "evidence" | "name";
  /** The call's source text, shortened. */
  snippet: string;
}

const CLIENT_NAME = /^(prisma|prismaClient|client|db|tx|trx|transaction|prismaTx)$|Prisma$|prisma$|Client$/;
/** A type annotation naming Prisma's client types (also inside `Omit<...>`, `Pick<...>`). */
const CLIENT_ANNOTATION = /\b(PrismaClient|TransactionClient|PrismaService|ExtendedPrismaClient)\b/;

function hasProperty(type: ts.Type, name: string): boolean {
  return (
    type.getProperty(name) !== undefined ||
    (type.isUnion() && type.types.some((t) => t.getProperty(name) !== undefined))
  );
}

function isUnresolved(type: ts.Type): boolean {
  return (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0;
}

/** A Prisma client or transaction client (or something typed like one). */
function isClientType(type: ts.Type): boolean {
  return hasProperty(type, "$queryRaw") || hasProperty(type, "$transaction");
}

/** A model delegate: has the read and write operations of a Prisma model. */
function isDelegateType(type: ts.Type): boolean {
  return (
    hasProperty(type, "findMany") &&
    hasProperty(type, "findFirst") &&
    (hasProperty(type, "create") || hasProperty(type, "count"))
  );
}

/** A type some installed package other than Prisma declares (another SDK's client, say). */
function isForeignLibraryType(type: ts.Type): boolean {
  const declarations = (type.aliasSymbol ?? type.getSymbol())?.declarations ?? [];
  return (
    declarations.length > 0 &&
    declarations.every((d) => {
      const name = d.getSourceFile().fileName;
      return name.includes("node_modules") && !/prisma/i.test(name);
    })
  );
}

function delegateModelName(type: ts.Type): string | undefined {
  const name = type.aliasSymbol?.getName() ?? type.getSymbol()?.getName();
  const match = name?.match(/^(\w+)Delegate$/);
  return match ? match[1]!.charAt(0).toLowerCase() + match[1]!.slice(1) : undefined;
}

function receiverName(expr: ts.Expression): string | undefined {
  if (ts.isIdentifier(expr)) return expr.text;
  if (ts.isPropertyAccessExpression(expr)) return expr.name.text;
  if (expr.kind === ts.SyntaxKind.ThisKeyword) return "this";
  return undefined;
}

function snippetOf(node: ts.Node, file: ts.SourceFile): string {
  const text = node.getText(file).replace(/\s+/g, " ");
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

function unwrap(expr: ts.Expression): ts.Expression {
  while (
    ts.isParenthesizedExpression(expr) ||
    ts.isAsExpression(expr) ||
    ts.isNonNullExpression(expr) ||
    ts.isAwaitExpression(expr) ||
    ts.isSatisfiesExpression(expr)
  )
    expr = expr.expression;
  return expr;
}

/**
 * Recognises Prisma clients whatever the checker knows: by type, by how the value was made or
 * declared (followed through imports), or by name.
 */
class ClientRecognizer {
  constructor(
    private readonly checker: ts.TypeChecker,
    private readonly schema: AppSchema | undefined,
    private readonly localPackages: ReadonlySet<string>,
  ) {}

  /** How `receiver` is known to be a Prisma client (or transaction client), if it is. */
  client(receiver: ts.Expression, depth = 0): CallSite["detectedBy"] | undefined {
    const type = this.checker.getTypeAtLocation(receiver);
    if (!isUnresolved(type) && isClientType(type)) return "type";
    if (this.madeOrDeclaredAsClient(receiver, depth)) return "evidence";
    const name = receiverName(receiver);
    if (!isUnresolved(type) && isForeignLibraryType(type)) return undefined;
    return name !== undefined && CLIENT_NAME.test(name) ? "name" : undefined;
  }

  /**
   * `receiver.model` is a Prisma model delegate: returns its model and how it was recognised.
   * `call` is the operation's call, when there is one: its argument is evidence too.
   */
  delegate(
    receiver: ts.Expression,
    call?: ts.CallExpression,
  ): { model: string; how: CallSite["detectedBy"] } | undefined {
    const type = this.checker.getTypeAtLocation(receiver);
    if (!isUnresolved(type) && isDelegateType(type)) {
      const model = ts.isPropertyAccessExpression(receiver)
        ? receiver.name.text
        : (delegateModelName(type) ?? receiverName(receiver) ?? "?");
      return { model, how: "type" };
    }
    if (!ts.isPropertyAccessExpression(receiver)) return undefined;
    // Prisma's operations take an argument object, never a bare id (`authClient.user.delete(id)`).
    const first = call?.arguments[0];
    if (first && this.isPrimitive(first)) return undefined;
    if (this.madeByForeignPackage(receiver.expression)) return undefined;
    // Another library's object with a findMany (Drizzle's db.query.users, an SDK) is not Prisma.
    if (!isUnresolved(type) && isForeignLibraryType(type)) return undefined;
    const model = receiver.name.text;
    const how = this.client(receiver.expression);
    if (this.schema) {
      // With the app's schema, the model name is the evidence: `client.customers.create` of
      // another SDK is not counted, `baseClient.user.findMany` through a port interface is.
      if (this.schema.models.has(model)) return { model, how: how === "type" ? "type" : "evidence" };
      return how === "type" || how === "evidence" ? { model, how } : undefined;
    }
    return how ? { model, how } : undefined;
  }

  private isPrimitive(expr: ts.Expression): boolean {
    if (ts.isStringLiteralLike(expr) || ts.isNumericLiteral(expr) || ts.isTemplateExpression(expr)) return true;
    const type = this.checker.getTypeAtLocation(expr);
    return (
      (type.flags &
        (ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BigIntLike | ts.TypeFlags.BooleanLike)) !==
      0
    );
  }

  /**
   * Whether the receiver's root variable was made by a function or class imported from an installed
   * package other than Prisma (`createAuthClient()` from "better-auth/react", `new Stripe()`).
   */
  private madeByForeignPackage(expr: ts.Expression): boolean {
    let root = unwrap(expr);
    while (ts.isPropertyAccessExpression(root)) root = unwrap(root.expression);
    if (!ts.isIdentifier(root)) return false;
    const declaration = this.checker.getSymbolAtLocation(root)?.valueDeclaration;
    if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return false;
    const init = unwrap(declaration.initializer);
    const callee = ts.isCallExpression(init) || ts.isNewExpression(init) ? unwrap(init.expression) : undefined;
    if (!callee || !ts.isIdentifier(callee)) return false;
    const imported = this.checker.getSymbolAtLocation(callee)?.declarations?.[0];
    if (!imported || !(ts.isImportSpecifier(imported) || ts.isImportClause(imported) || ts.isNamespaceImport(imported)))
      return false;
    let node: ts.Node = imported;
    while (!ts.isImportDeclaration(node)) node = node.parent;
    const from = (node.moduleSpecifier as ts.StringLiteral).text;
    // A bare specifier is an installed package, unless the monorepo itself holds it; relative and
    // aliased paths are the app's own code.
    const packageName = from.startsWith("@") ? from.split("/").slice(0, 2).join("/") : from.split("/")[0]!;
    const isPackage = !/^[.~/#]|^@\//.test(from) && !this.localPackages.has(packageName);
    return isPackage && !/prisma/i.test(from);
  }

  /** `prisma.$transaction(...)` and the like: the member name is itself evidence. */
  member(receiver: ts.Expression, member: string): CallSite["detectedBy"] | undefined {
    const how = this.client(receiver);
    if (how && how !== "name") return how;
    const type = this.checker.getTypeAtLocation(receiver);
    if (!isUnresolved(type) && isForeignLibraryType(type)) return undefined;
    // `$on`, `$use`, `$connect`... are common elsewhere (Vue's `this.$on`): only distinctive names count.
    if (PRISMA_CLIENT_MEMBERS.has(member) && !GENERIC_MEMBERS.has(member)) return "evidence";
    return how;
  }

  /** Whether the value was made as a client (`new PrismaClient`, `.$extends(...)`) or declared with a client type. */
  private madeOrDeclaredAsClient(expr: ts.Expression, depth: number): boolean {
    if (depth > 6) return false;
    expr = unwrap(expr);
    if (ts.isNewExpression(expr)) return /PrismaClient|PrismaService/.test(expr.expression.getText());
    if (ts.isCallExpression(expr)) {
      if (ts.isPropertyAccessExpression(expr.expression) && expr.expression.name.text === "$extends") return true;
      return this.returned(expr).some((r) => this.madeOrDeclaredAsClient(r, depth + 1));
    }
    if (ts.isBinaryExpression(expr))
      return this.madeOrDeclaredAsClient(expr.left, depth + 1) || this.madeOrDeclaredAsClient(expr.right, depth + 1);
    if (!ts.isIdentifier(expr) && !ts.isPropertyAccessExpression(expr)) return false;
    let symbol = this.checker.getSymbolAtLocation(expr);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
    for (const declaration of symbol?.declarations ?? []) {
      if (
        (ts.isParameter(declaration) ||
          ts.isVariableDeclaration(declaration) ||
          ts.isPropertyDeclaration(declaration) ||
          ts.isPropertySignature(declaration)) &&
        declaration.type &&
        CLIENT_ANNOTATION.test(declaration.type.getText())
      )
        return true;
      if (ts.isParameter(declaration) && this.isTransactionCallbackParameter(declaration)) return true;
      if (
        (ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration)) &&
        declaration.initializer &&
        this.madeOrDeclaredAsClient(declaration.initializer, depth + 1)
      )
        return true;
    }
    return false;
  }

  /** The first parameter of the callback given to `<client>.$transaction(...)`. */
  private isTransactionCallbackParameter(parameter: ts.ParameterDeclaration): boolean {
    const fn = parameter.parent;
    if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) || fn.parameters[0] !== parameter) return false;
    const call = fn.parent;
    return (
      ts.isCallExpression(call) &&
      ts.isPropertyAccessExpression(call.expression) &&
      call.expression.name.text === "$transaction"
    );
  }

  /** What a call of a function declared in the codebase returns (a client factory, say). */
  private returned(call: ts.CallExpression): ts.Expression[] {
    let symbol = this.checker.getSymbolAtLocation(call.expression);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
    const declaration = symbol?.valueDeclaration;
    let body: ts.ConciseBody | undefined;
    if (declaration && ts.isFunctionDeclaration(declaration)) body = declaration.body;
    else if (
      declaration &&
      ts.isVariableDeclaration(declaration) &&
      declaration.initializer &&
      (ts.isArrowFunction(declaration.initializer) || ts.isFunctionExpression(declaration.initializer))
    )
      body = declaration.initializer.body;
    if (!body) return [];
    if (!ts.isBlock(body)) return [body];
    const out: ts.Expression[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isFunctionLike(node)) return;
      if (ts.isReturnStatement(node) && node.expression) out.push(node.expression);
      ts.forEachChild(node, visit);
    };
    ts.forEachChild(body, visit);
    return out;
  }
}

/** Every Prisma call site in `file`. */
export function findCallSites(
  file: ts.SourceFile,
  checker: ts.TypeChecker,
  relativeName: string,
  schema?: AppSchema,
  localPackages: ReadonlySet<string> = new Set(),
): CallSite[] {
  const reader = new ArgumentReader(checker, schema);
  const recognizer = new ClientRecognizer(checker, schema, localPackages);
  reader.isDelegate = (expr) => recognizer.delegate(expr) !== undefined;
  const sites: CallSite[] = [];
  const add = (
    node: ts.Node,
    model: string,
    operation: string,
    detectedBy: CallSite["detectedBy"],
    features: FeatureSet,
  ): void => {
    const { line, character } = file.getLineAndCharacterOfPosition(node.getStart(file));
    sites.push({
      file: relativeName,
      line: line + 1,
      column: character + 1,
      model,
      operation,
      features,
      detectedBy,
      snippet: snippetOf(node, file),
    });
  };

  const visit = (node: ts.Node): void => {
    // client.$queryRaw`...`
    if (
      ts.isTaggedTemplateExpression(node) &&
      ts.isPropertyAccessExpression(node.tag) &&
      node.tag.name.text.startsWith("$")
    ) {
      const how = recognizer.member(node.tag.expression, node.tag.name.text);
      if (how) {
        const features = emptyFeatures();
        features.features.add(`${node.tag.name.text}:template`);
        add(node, "$client", node.tag.name.text, how, features);
      }
    }
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const callee = node.expression;
      const operation = callee.name.text;
      const receiver = callee.expression;
      if (operation.startsWith("$")) {
        const how = recognizer.member(receiver, operation);
        if (how) add(node, "$client", operation, how, clientMemberFeatures(reader, operation, node));
      } else if (PRISMA_OPERATIONS.has(operation)) {
        const found = recognizer.delegate(receiver, node);
        if (found) {
          const features = emptyFeatures();
          reader.setCall(node, found.model);
          analyzeArgs(reader, node.arguments[0], features);
          reader.schemaFeatures(operation, features);
          reader.combinedFeatures(features);
          add(node, found.model, operation, found.how, features);
        }
      }
    }
    ts.forEachChild(node, visit);
  };

  visit(file);
  return sites;
}

function clientMemberFeatures(reader: ArgumentReader, operation: string, call: ts.CallExpression): FeatureSet {
  const features = emptyFeatures();
  if (operation === "$transaction") {
    const first = call.arguments[0];
    const firstType = first ? reader.typeOf(first) : undefined;
    if (
      first &&
      (ts.isArrowFunction(first) ||
        ts.isFunctionExpression(first) ||
        (firstType && firstType.getCallSignatures().length > 0))
    )
      features.features.add("$transaction:interactive");
    else if (first && (ts.isArrayLiteralExpression(first) || (firstType && reader.isArray(firstType))))
      features.features.add("$transaction:array");
    else features.dynamic.add("$transaction argument");
    const options = call.arguments[1];
    if (options) {
      const resolved = reader.resolve(options);
      if (resolved.kind === "objects")
        for (const [key] of reader.properties(resolved.objects, "options", features))
          features.features.add(`$transaction.${key}`);
      else if (resolved.kind === "dynamic") features.dynamic.add("$transaction options");
    }
  } else if (operation === "$queryRaw" || operation === "$executeRaw") {
    features.features.add(`${operation}:sql`);
  } else {
    features.features.add(operation);
  }
  return features;
}
