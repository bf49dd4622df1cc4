/**
 * Prisma's runtime values (error classes, `Decimal`, `Sql`, the Json null markers) without Prisma's
 * engine: taken from `@prisma/client-runtime-utils`, the package the client runtime itself takes
 * them from, and not from the generated client or `@prisma/client/runtime/client`, which would bring
 * the client runtime (~200 KiB) and, through the generated client, the query compiler's Wasm
 * (~1.7 MiB gzipped) into every bundle of the facade.
 *
 * Identity matters: application code tests `error instanceof Prisma.PrismaClientKnownRequestError`
 * and passes `Prisma.DbNull` with the classes and markers of its generated client, which come from
 * `@prisma/client/runtime/client`. Under Node that runtime is CommonJS and `require`s the utilities'
 * CommonJS build; an ESM `import` of the utilities would get their ESM build, a second set of class
 * objects, and every `instanceof` would fail. So the utilities are loaded through a CommonJS module
 * of ours (utils.cjs), which `require`s them the same way: one instance under tsx/Node and inside an
 * esbuild bundle for Node (test/integration/compat-runtime-identity.test.ts checks both).
 *
 * Not covered: a bundle built for a non-Node platform (esbuild `platform: "neutral"`, edge
 * runtimes), where the client runtime resolves to its ESM build and the utilities' ESM build with it.
 */
export {
  AnyNull,
  DbNull,
  Decimal,
  JsonNull,
  PrismaClientKnownRequestError,
  PrismaClientUnknownRequestError,
  PrismaClientValidationError,
  Sql,
  isAnyNull,
  isDbNull,
  isJsonNull,
  isObjectEnumValue,
} from "./utils.cjs";
