/** A primary supplier with a backup that is ordered from under the expedite rules. */
import { DEFAULTS } from "../../defaults.ts";
import { SourcingCode } from "../../sourcingCode.ts";
import type { SourcingKindDef } from "./kind.ts";

export interface Expedite {
  whenBacklogUnitsAbove?: number;
  whenPrimaryDisrupted?: boolean;
}

export type BackupSourcing = { kind: "backup"; primary: string; backup: string; expedite?: Expedite };

export const backup: SourcingKindDef<BackupSourcing> = {
  kind: "backup",
  label: "Primary with backup",
  words: "with backup",
  description:
    "orders go to the primary, or to the backup while the primary is disrupted or the backlog is above a limit (the expedite rules; without them: while the primary is disrupted)",
  compile: (s, index) => {
    const e = s.expedite ?? DEFAULTS.expedite;
    return {
      code: SourcingCode.Backup,
      suppliers: [index(s.primary), index(s.backup)],
      shares: [1, 0],
      backlogAbove: e.whenBacklogUnitsAbove ?? Infinity,
      whenDisrupted: e.whenPrimaryDisrupted ?? false,
    };
  },
  suppliers: (s) => [
    { path: ["primary"], id: s.primary },
    { path: ["backup"], id: s.backup },
  ],
  usual: (s) => [{ id: s.primary, share: 1 }],
  warnings: (s) =>
    s.expedite && s.expedite.whenBacklogUnitsAbove === undefined && !s.expedite.whenPrimaryDisrupted
      ? [{ path: ["expedite"], message: "states neither whenBacklogUnitsAbove nor whenPrimaryDisrupted: true, so the backup is never used" }]
      : [],
  toCsv: (s) => ({ cells: { supplier: s.primary, backupSupplier: s.backup }, lost: s.expedite ? "expedite rules" : null }),
  fromCsv: (c) => (c.backupSupplier === undefined ? null : { kind: "backup", primary: c.supplier ?? "", backup: c.backupSupplier }),
  fromSuppliers: (first, other) => ({ kind: "backup", primary: first, backup: other, expedite: { whenPrimaryDisrupted: true } }),
  writtenForm: '{ "primary": id, "backup": id }',
  legacyFields: ["primary", "backup"],
  minSuppliers: 2,
  example: ({ u, supplierIds }) => {
    const primary = supplierIds[Math.floor(u() * supplierIds.length)];
    const others = supplierIds.filter((id) => id !== primary);
    const backupId = others[Math.floor(u() * others.length)];
    const rule = u();
    const expedite: Expedite | undefined =
      rule < 0.25
        ? undefined
        : rule < 0.5
          ? { whenPrimaryDisrupted: true }
          : rule < 0.75
            ? { whenBacklogUnitsAbove: Math.floor(u() * 20) }
            : { whenBacklogUnitsAbove: Math.floor(u() * 20), whenPrimaryDisrupted: u() < 0.5 };
    return { kind: "backup", primary, backup: backupId, ...(expedite ? { expedite } : {}) };
  },
};
