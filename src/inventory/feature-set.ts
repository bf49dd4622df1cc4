/** What the inventory records of one call's arguments: the features used, the parts it cannot see. */
export interface FeatureSet {
  /** Feature names, e.g. `where.contains`, `where.mode:insensitive`, `include`, `data.nested.create`. */
  features: Set<string>;
  /** Paths whose content is not statically known, e.g. `where` (a function parameter). */
  dynamic: Set<string>;
}

/** A FeatureSet with nothing in it yet. */
export function emptyFeatures(): FeatureSet {
  return { features: new Set(), dynamic: new Set() };
}
