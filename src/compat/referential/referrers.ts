/**
 * Under relationMode = "prisma" the database has no foreign keys: Prisma Client itself applies the
 * referential actions when a referenced row is deleted or its referenced key updated. This module
 * finds, for a model, the relations whose key points at it ("referrers") with their actions
 * resolved to Prisma's defaults, in the order Prisma visits them.
 */
import type { CompatSchema, ModelMeta, ReferentialAction, RelationField } from "../model-meta.ts";

/** A relation whose key (on `child`) points at rows of another model. */
export interface Referrer {
  /** The model holding the key. */
  readonly child: ModelMeta;
  /** The relation field on `child` (its `fields` are the key, `references` the parent's fields). */
  readonly relation: RelationField;
  readonly onDelete: ReferentialAction;
  readonly onUpdate: ReferentialAction;
}

/**
 * The order Prisma 7.10 visits a parent's referrers in, measured on the relation-mode fixture: by
 * the child model's place in schema.prisma, ascending for `delete` (top-level and nested) and
 * `updateMany`, descending for `deleteMany` and `update` (nested `update`/`upsert` too); a cascade
 * visits its children's referrers in the order of the operation that started it.
 */
export type VisitOrder = "schema" | "reversed";

/** Prisma's defaults: onDelete Restrict for a required key, SetNull for an optional one; onUpdate Cascade. */
function resolved(child: ModelMeta, relation: RelationField): Referrer {
  return {
    child,
    relation,
    onDelete: relation.onDelete ?? (relation.isRequired ? "Restrict" : "SetNull"),
    onUpdate: relation.onUpdate ?? "Cascade",
  };
}

/** The referrers of `parent` (emulated only under relationMode = "prisma"), in `order`. */
export function referrersOf(schema: CompatSchema, parent: ModelMeta, order: VisitOrder = "schema"): Referrer[] {
  const found: Referrer[] = [];
  for (const child of schema.models.values()) {
    if (child.relationMode !== "prisma") continue;
    for (const relation of child.relations) {
      if (relation.isOwner && !relation.through && relation.target === parent.name)
        found.push(resolved(child, relation));
    }
  }
  return order === "schema" ? found : found.reverse();
}

/** Whether writes to `parent` can trigger an emulated referential action. */
export function hasReferrers(schema: CompatSchema, parent: ModelMeta): boolean {
  return parent.relationMode === "prisma" && referrersOf(schema, parent).length > 0;
}

/** Whether `data` writes a field some referrer of `parent` points at (Prisma then runs onUpdate). */
export function writesReferencedKey(schema: CompatSchema, parent: ModelMeta, data: unknown): boolean {
  if (parent.relationMode !== "prisma" || typeof data !== "object" || data === null) return false;
  const written = data as Record<string, unknown>;
  return referrersOf(schema, parent).some((r) => r.relation.references.some((f) => written[f] !== undefined));
}
