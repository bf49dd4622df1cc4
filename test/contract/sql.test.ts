import { runContractSuite } from "./suite.ts";

runContractSuite("sql");
