/**
 * Known divergences of the Prisma implementation from the repository contract: none. Where Prisma
 * cannot express what the contract needs, it uses raw SQL (row locks in organizations.ts and
 * tasks.ts) and says why beside it.
 */
export const PRISMA_DIVERGENCES: readonly { operation: string; difference: string }[] = [];
