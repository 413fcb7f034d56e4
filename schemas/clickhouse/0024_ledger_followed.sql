-- The account version each org's ledger writer last brought the ledger up to, per month.
-- Any instance may restate a final account; only the instance holding the org's partition
-- adjusts its credits, and the month closer finds the restatements it must look at by time.
-- One made while no instance held the org for longer than the closer looks back would be
-- missed; against this table the closer finds, after every rebalance, each final account
-- whose newest version is newer than what its ledger followed, however old
-- (services/account-processor month-closer.ts). Written after the ledger entries, so a
-- crash between the two only makes the closer hand the month over once more, which
-- changes no credit that is already right.
CREATE TABLE IF NOT EXISTS ledger_followed (
  org_id String,
  month String,
  account_version UInt64,
  followed_at DateTime
) ENGINE = ReplacingMergeTree(account_version)
ORDER BY (org_id, month);
