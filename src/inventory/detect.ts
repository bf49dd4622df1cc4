/**
 * Finds Prisma Client call sites: `client.model.operation(args)`, `client.$transaction(...)`,
 * `` client.$queryRaw`...` `` and the other `$` members, through any expression typed as a Prisma
 * client, an interactive-transaction client, a facade typed like one, or a model delegate held in
 * a variable. When types cannot be resolved (the code does not compile, the client is not
 * generated), a receiver named like a client (`prisma`, `tx`, `db`, ...) with a known operation is
 * still reported, marked as found by name.
 */
import ts from "typescript";
import { COMPAT_OPERATIONS } from "../compat/capabilities.ts";
import { ArgumentReader, type FeatureSet, analyzeArgs, emptyFeatures } from "./features.ts";

/** Every model operation of Prisma Client (any provider). */
export const PRISMA_OPERATIONS = new Set<string>([...COMPAT_OPERATIONS, "findRaw", "aggregateRaw"]);

export interface CallSite {
  file: string;
  line: number;
  column: number;
  /** Client property of the model (`user`), or "$client" for client members. */
  model: string;
  /** `findMany`, `$transaction`, `$queryRaw`, ... */
  operation: string;
  features: FeatureSet;
  /** How the receiver was recognised. */
  detectedBy: "type" | "name";
  /** The call's source text, shortened. */
  snippet: string;
}

const CLIENT_NAME = /^(prisma|prismaClient|client|db|tx|trx|transaction|prismaTx)$|Prisma$|prisma$/;

function hasProperty(type: ts.Type, name: string): boolean {
  return type.getProperty(name) !== undefined || (type.isUnion() && type.types.some((t) => t.getProperty(name) !== undefined));
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
  return hasProperty(type, "findMany") && hasProperty(type, "findFirst") && (hasProperty(type, "create") || hasProperty(type, "count"));
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

/** Every Prisma call site in `file`. */
export function findCallSites(file: ts.SourceFile, checker: ts.TypeChecker, relativeName: string): CallSite[] {
  const reader = new ArgumentReader(checker);
  const sites: CallSite[] = [];
  const add = (node: ts.Node, model: string, operation: string, detectedBy: CallSite["detectedBy"], features: FeatureSet): void => {
    const { line, character } = file.getLineAndCharacterOfPosition(node.getStart(file));
    sites.push({ file: relativeName, line: line + 1, column: character + 1, model, operation, features, detectedBy, snippet: snippetOf(node, file) });
  };

  const clientMember = (receiver: ts.Expression): "type" | "name" | undefined => {
    const type = checker.getTypeAtLocation(receiver);
    if (!isUnresolved(type)) return isClientType(type) ? "type" : undefined;
    const name = receiverName(receiver);
    return name !== undefined && CLIENT_NAME.test(name) ? "name" : undefined;
  };

  const visit = (node: ts.Node): void => {
    // client.$queryRaw`...`
    if (ts.isTaggedTemplateExpression(node) && ts.isPropertyAccessExpression(node.tag) && node.tag.name.text.startsWith("$")) {
      const how = clientMember(node.tag.expression);
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
        const how = clientMember(receiver);
        if (how) add(node, "$client", operation, how, clientMemberFeatures(reader, operation, node));
      } else if (PRISMA_OPERATIONS.has(operation)) {
        const found = delegateCall(receiver, operation);
        if (found) {
          const features = emptyFeatures();
          reader.setCall(node);
          analyzeArgs(reader, node.arguments[0], features);
          add(node, found.model, operation, found.how, features);
        }
      }
    }
    ts.forEachChild(node, visit);
  };

  /** `receiver` is a model delegate; returns its model and how it was recognised. */
  const delegateCall = (receiver: ts.Expression, operation: string): { model: string; how: CallSite["detectedBy"] } | undefined => {
    const type = checker.getTypeAtLocation(receiver);
    if (!isUnresolved(type)) {
      if (!isDelegateType(type)) return undefined;
      const model = ts.isPropertyAccessExpression(receiver) ? receiver.name.text : (delegateModelName(type) ?? receiverName(receiver) ?? "?");
      return { model, how: "type" };
    }
    if (!PRISMA_OPERATIONS.has(operation) || !ts.isPropertyAccessExpression(receiver)) return undefined;
    const how = clientMember(receiver.expression);
    return how ? { model: receiver.name.text, how: "name" } : undefined;
  };

  visit(file);
  return sites;
}

function clientMemberFeatures(reader: ArgumentReader, operation: string, call: ts.CallExpression): FeatureSet {
  const features = emptyFeatures();
  if (operation === "$transaction") {
    const first = call.arguments[0];
    const firstType = first ? reader.typeOf(first) : undefined;
    if (first && (ts.isArrowFunction(first) || ts.isFunctionExpression(first) || (firstType && firstType.getCallSignatures().length > 0))) features.features.add("$transaction:interactive");
    else if (first && (ts.isArrayLiteralExpression(first) || (firstType && reader.isArray(firstType)))) features.features.add("$transaction:array");
    else features.dynamic.add("$transaction argument");
    const options = call.arguments[1];
    if (options) {
      const resolved = reader.resolve(options);
      if (resolved.kind === "objects") for (const [key] of reader.properties(resolved.objects, "options", features)) features.features.add(`$transaction.${key}`);
      else if (resolved.kind === "dynamic") features.dynamic.add("$transaction options");
    }
  } else if (operation === "$queryRaw" || operation === "$executeRaw") {
    features.features.add(`${operation}:sql`);
  } else {
    features.features.add(operation);
  }
  return features;
}
