/**
 * Prisma's runtime classes (errors, `Sql`, `Decimal`, the Json null markers), taken from the very
 * module the generated client imports, `@prisma/client/runtime/client`. Importing them from
 * `@prisma/client-runtime-utils` directly would be a different module instance under Node (the
 * runtime is CommonJS, an ESM import of the utilities gets their ESM build), and
 * `error instanceof Prisma.PrismaClientKnownRequestError` would then fail in application code.
 * Only the runtime's JavaScript is loaded, never the query compiler's Wasm.
 */
export {
  Decimal,
  PrismaClientKnownRequestError,
  PrismaClientUnknownRequestError,
  PrismaClientValidationError,
  Sql,
  isAnyNull,
  isDbNull,
  isJsonNull,
  isObjectEnumValue,
} from "@prisma/client/runtime/client";
