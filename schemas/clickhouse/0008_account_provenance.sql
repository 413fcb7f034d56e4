-- What an account's K and credits rest on, so a bureau analyst can trace them: how the
-- industry average was reached (region data of the GB/T 4754 section, or a configured
-- benchmark, with its figures), how many orgs it covers, the metered on-site PV the
-- onsite-pv credit used, and the org-registry version the account was computed with.
-- Added columns only: readers of 0005's columns keep working.
ALTER TABLE monthly_accounts
  ADD COLUMN industry_average_basis String,
  ADD COLUMN industry_orgs UInt32,
  ADD COLUMN pv_generation_mwh Float64,
  ADD COLUMN registry_version UInt64;

-- Why a ledger entry exists in words (e.g. which restatement an adjust entry follows).
-- Not part of the entry's hash: the hash covers the amounts and identities.
ALTER TABLE ledger
  ADD COLUMN note String;
