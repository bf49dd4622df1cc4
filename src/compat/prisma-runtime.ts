/**
 * The Prisma runtime values the facade uses (errors, `Sql`, `Decimal`, the Json null markers): the
 * very objects an application's generated client exports, without Prisma's engine in the bundle
 * (see src/prisma-runtime/index.ts for how, and why not from `@prisma/client/runtime/client`).
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
} from "../prisma-runtime/index.ts";
