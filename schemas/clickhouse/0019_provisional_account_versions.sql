-- The history of versions keeps whether each version was provisional (see 0018).

ALTER TABLE monthly_account_versions ADD COLUMN provisional UInt8 DEFAULT 0 AFTER grade;
