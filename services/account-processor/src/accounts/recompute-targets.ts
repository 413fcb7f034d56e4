/**
 * What changed → what to recompute. An org's account depends on its own month and, through
 * K, on the industry average of its GB/T 4754 section in that month; so the unit of work is
 * a (section, month): every org of the section that month is recomputed together.
 */

/** An (org, month) whose emission lines or output report changed. */
export interface MonthChange {
  orgId: string;
  month: string;
  /**
   * True when this instance consumed the change from the org's partition and so is, right
   * now, the org's single ledger writer (see main.ts).
   */
  ledgerOwner: boolean;
}

export interface SectionMonth {
  /** GB/T 4754 section letter; '' for orgs not in the registry (no industry average). */
  section: string;
  month: string;
  /** Orgs that must be recomputed besides the registry's members of the section. */
  orgs: Set<string>;
  /** Orgs whose ledger this instance must bring up to date with the new account. */
  ledgerOrgs: Set<string>;
  /** A confirming pass (see the scheduler): set only while no change is pending for the key. */
  confirmation?: boolean;
}

export const sectionMonthKey = (section: string, month: string) => `${section}|${month}`;

/** Groups changes into (section, month) targets; `sectionOf` is the registry's section of an org. */
export function recomputeTargets(
  changes: Iterable<MonthChange>,
  sectionOf: (orgId: string) => string,
): Map<string, SectionMonth> {
  const targets = new Map<string, SectionMonth>();
  for (const change of changes) {
    const section = sectionOf(change.orgId);
    const key = sectionMonthKey(section, change.month);
    let target = targets.get(key);
    if (!target) {
      target = { section, month: change.month, orgs: new Set(), ledgerOrgs: new Set() };
      targets.set(key, target);
    }
    target.orgs.add(change.orgId);
    if (change.ledgerOwner) target.ledgerOrgs.add(change.orgId);
  }
  return targets;
}

/** Adds `from` into `into` (union of orgs and ledger orgs per key). */
export function mergeTargets(
  into: Map<string, SectionMonth>,
  from: Iterable<[string, SectionMonth]>,
): void {
  for (const [key, target] of from) {
    const existing = into.get(key);
    if (!existing) {
      into.set(key, {
        section: target.section,
        month: target.month,
        orgs: new Set(target.orgs),
        ledgerOrgs: new Set(target.ledgerOrgs),
        ...(target.confirmation ? { confirmation: true } : {}),
      });
      continue;
    }
    for (const org of target.orgs) existing.orgs.add(org);
    for (const org of target.ledgerOrgs) existing.ledgerOrgs.add(org);
    if (!target.confirmation) existing.confirmation = undefined;
  }
}

/**
 * After a registry change, the months already accounted for the changed orgs: the org's
 * new section (its own account, K against new peers, a new baseline) and the section it
 * left (whose average no longer includes it). Ledgers are not touched here: an org's
 * ledger is written only by the instance that consumes its partition, and the closer
 * (month-closer.ts) has that instance follow the accounts the change restated.
 */
export function registryChangeTargets(
  changes: readonly { orgId: string; sectionBefore?: string; sectionAfter: string }[],
  monthsOf: ReadonlyMap<string, readonly string[]>,
): Map<string, SectionMonth> {
  const targets = new Map<string, SectionMonth>();
  const add = (section: string, month: string, orgId?: string) => {
    const key = sectionMonthKey(section, month);
    const target = targets.get(key) ?? { section, month, orgs: new Set(), ledgerOrgs: new Set() };
    if (orgId) target.orgs.add(orgId);
    targets.set(key, target);
  };
  for (const change of changes) {
    for (const month of monthsOf.get(change.orgId) ?? []) {
      add(change.sectionAfter, month, change.orgId);
      if (change.sectionBefore !== undefined && change.sectionBefore !== change.sectionAfter)
        add(change.sectionBefore, month);
    }
  }
  return targets;
}
