import { runContractSuite } from "./suite.ts";

runContractSuite("drizzle");
