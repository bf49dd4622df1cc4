#!/usr/bin/env node
// The `orm-switch` command. The package is TypeScript run by tsx (a dependency): tsx's loader is
// registered here, then the TypeScript entry dispatches to the command (src/cli/orm-switch.ts).
import { register } from "tsx/esm/api";

register();
await import("../src/cli/orm-switch.ts");
