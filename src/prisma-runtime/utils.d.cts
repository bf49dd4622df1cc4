// Types of utils.cjs: exactly @prisma/client-runtime-utils.
export * from "@prisma/client-runtime-utils";
