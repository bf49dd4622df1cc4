import type { ImplementationName } from "../../src/repositories/index.ts";

/** The implementations the contract suite and the cross-implementation check run. */
export const CONTRACT_IMPLEMENTATIONS: readonly ImplementationName[] = [
  "prisma",
  "drizzle",
  "sql",
  "prisma-on-drizzle",
];
