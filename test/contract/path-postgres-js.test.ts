import { runContractSuiteOnPath } from "./paths.ts";

runContractSuiteOnPath("postgres-js");
