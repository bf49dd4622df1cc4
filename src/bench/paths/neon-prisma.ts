/**
 * Prisma's Neon WebSocket adapter with the per-connection settings of neon.ts. A module of its own so
 * that only Prisma runs import @prisma/adapter-neon.
 */
import type { PoolConfig } from "@neondatabase/serverless";
import { PrismaNeon } from "@prisma/adapter-neon";
import { configureNeonPool, type NeonWsMode } from "./neon.ts";

/** PrismaNeon whose pool's connections use the settings for `mode`. */
export class ConfiguredPrismaNeon extends PrismaNeon {
  constructor(
    config: PoolConfig,
    private readonly mode: NeonWsMode,
  ) {
    super(config);
  }

  override async connect(): ReturnType<PrismaNeon["connect"]> {
    const adapter = await super.connect();
    // The pool opens connections lazily, so replacing its Client class here, before the adapter is
    // handed to Prisma, covers every connection it will ever open.
    configureNeonPool(adapter.underlyingDriver(), this.mode);
    return adapter;
  }
}
