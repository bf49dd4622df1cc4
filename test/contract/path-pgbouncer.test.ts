import { runContractSuiteOnPath } from "./paths.ts";

runContractSuiteOnPath("pgbouncer");
