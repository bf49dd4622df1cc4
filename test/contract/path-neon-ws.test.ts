import { runContractSuiteOnPath } from "./paths.ts";

runContractSuiteOnPath("neon-ws");
