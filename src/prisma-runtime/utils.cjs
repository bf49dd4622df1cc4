"use strict";
// CommonJS on purpose: see index.ts. `require` here resolves @prisma/client-runtime-utils with the
// "require" condition, as @prisma/client/runtime/client (CommonJS under Node) does, so both get
// the same module instance under Node and inside an esbuild bundle.
module.exports = require("@prisma/client-runtime-utils");
