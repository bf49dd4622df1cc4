/**
 * The DMMF loader: schema.prisma read by Prisma's own parser through `prisma generate` and a
 * generator of ours (src/schema/dmmf.ts), on this repository's schema.
 */
import { writeFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { SchemaLoadError, loadSchema } from "../../src/schema/dmmf.ts";

const PROJECT_SCHEMA = resolve(import.meta.dirname, "../../prisma/schema.prisma");

describe("loadSchema", () => {
  it("gives Prisma's DMMF for prisma/schema.prisma: models, mapped names, defaults, relations and indexes", async () => {
    const schema = await loadSchema(PROJECT_SCHEMA);
    const { models, enums, indexes } = schema.datamodel;
    expect(models.map((m) => m.name)).toEqual([
      "Organization",
      "User",
      "Membership",
      "Project",
      "Task",
      "Session",
      "Download",
      "AuditLog",
    ]);
    expect(models.map((m) => m.dbName)).toEqual([
      "organizations",
      "users",
      "memberships",
      "projects",
      "tasks",
      "sessions",
      "downloads",
      "audit_logs",
    ]);
    expect(enums.map((e) => e.name)).toEqual(["Plan", "MemberRole", "ProjectStatus", "TaskStatus"]);
    const project = models.find((m) => m.name === "Project")!;
    const field = (name: string) => project.fields.find((f) => f.name === name)!;
    expect(field("id").default).toEqual({ name: "cuid", args: [1] });
    expect(field("organizationId").dbName).toBe("organization_id");
    expect(field("tags")).toMatchObject({ isList: true, default: [] });
    expect(field("updatedAt").isUpdatedAt).toBe(true);
    expect(field("owner")).toMatchObject({
      kind: "object",
      relationName: "ProjectOwner",
      relationFromFields: ["ownerId"],
      relationToFields: ["id"],
      relationOnDelete: "Restrict",
    });
    expect(indexes.find((i) => i.model === "Project" && i.algorithm === "Gin")?.fields).toEqual([{ name: "tags" }]);
    expect(schema.datasources).toMatchObject([{ name: "db", provider: "postgresql", schemas: [] }]);
    expect(schema.text).toContain("model Project");
  }, 60_000);

  it("rejects an invalid schema with Prisma's own message and line", async () => {
    const dir = await mkdtemp(join(tmpdir(), "orm-switch-bad-schema-"));
    try {
      const path = join(dir, "schema.prisma");
      await writeFile(
        path,
        `datasource db {\n  provider = "postgresql"\n}\n\nmodel A {\n  id Int @id @default(nonsense())\n}\n`,
      );
      const error = await loadSchema(path).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SchemaLoadError);
      expect((error as Error).message).toContain("nonsense");
      expect((error as Error).message).toContain("schema.prisma:6");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
