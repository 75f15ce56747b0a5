/**
 * The sourcing editor's part for each sourcing kind: its fields inside the editor's grid and what
 * comes below it. A typed table over the engine's kinds (src/engine/kinds/sourcing/index.ts), so a
 * kind without an editor does not compile. Switching kind uses the kind's own `fromSuppliers`.
 */
import type { Component } from "svelte";
import type { SourcingKind } from "../../engine/scenario.ts";
import BackupExpedite from "./sourcing/BackupExpedite.svelte";
import BackupFields from "./sourcing/BackupFields.svelte";
import SingleFields from "./sourcing/SingleFields.svelte";
import SplitParts from "./sourcing/SplitParts.svelte";

export type SourcingFieldsProps = {
  /** The draft sourcing. */
  src: Record<string, any>;
  /** Its JSON path, "products[i].sourcing". */
  sp: string;
  /** The suppliers to choose from, labelled. */
  opts: { value: string; label: string }[];
  supplierIds: string[];
};

export interface SourcingEditorPart {
  /** Fields in the editor's grid, beside the choice of kind (null: none). */
  fields: Component<SourcingFieldsProps> | null;
  /** What follows the grid (null: nothing). */
  below: Component<SourcingFieldsProps> | null;
}

export const SOURCING_EDITORS: Record<SourcingKind, SourcingEditorPart> = {
  single: { fields: SingleFields, below: null },
  backup: { fields: BackupFields, below: BackupExpedite },
  split: { fields: null, below: SplitParts },
};
