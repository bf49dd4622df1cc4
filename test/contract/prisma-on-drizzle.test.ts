import { runContractSuite } from "./suite.ts";

runContractSuite("prisma-on-drizzle");
