-- Every command writes one journal row, and each index on the journal costs an entry per row on the
-- hot path. No query of the exchange reads the journal by pair: recovery rebuilds books from the open
-- orders, and the journal is read by command id (the commit's exactly-once check, the next command id).
-- A replay of one pair (an audit) reads the journal in command order by its primary key and keeps that
-- pair's rows; it runs rarely and may scan. Measured: docs/performance.md, section 10.
drop index command_journal_by_pair;
