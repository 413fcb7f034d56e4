-- provisional: 1 while the account's month is open, that is until MONTH_CLOSE_DAYS after
-- its end (China time; services/account-processor/src/accounts/month-close.ts). Versions
-- written while it is 1 fill the account in and are not restatements; credits are issued
-- when the month closes. Accounts written before this migration are final (0), as they
-- were treated then.
--
-- One ALTER per file (0018, 0019): ClickHouse 18.16 has no ADD COLUMN IF NOT EXISTS, so
-- a file holding two could not run again after failing between them. 0020 then has the
-- versions view copy the column. Run with the processors stopped, as every migration.

ALTER TABLE monthly_accounts ADD COLUMN provisional UInt8 DEFAULT 0 AFTER grade;
