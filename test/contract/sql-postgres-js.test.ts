import { createPostgresJsClient, postgresJsExecutor } from "../../src/sql/postgres-js-executor.ts";
import { createSqlRepositoriesOnExecutor } from "../../src/sql/repositories.ts";
import { runContractSuite } from "./suite.ts";

// The SQL implementation over postgres.js: the same suite proves the executor returns values typed
// exactly as over node-postgres and translates errors the same way.
runContractSuite("sql", {
  label: "postgres.js",
  open: (url) => {
    const client = createPostgresJsClient(url);
    return Promise.resolve(createSqlRepositoriesOnExecutor(postgresJsExecutor(client), () => client.end()));
  },
});
