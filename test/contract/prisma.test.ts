import { runContractSuite } from "./suite.ts";

runContractSuite("prisma");
