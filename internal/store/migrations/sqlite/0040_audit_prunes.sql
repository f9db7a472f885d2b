-- Access-log retention by whole calendar years (issue 15 item 7, ADR 41).
-- Keep in step with postgres/0040_audit_prunes.sql.

-- A signed prune checkpoint per chain and run of the retention engine
-- that deleted the chain's oldest entries: through seq (whose hash was
-- hash), closing the calendar years up to year; count entries in that
-- run. sig is the Ed25519 signature with the checkpoint key (base64), so
-- `koto audit verify` can start the chain after the latest one. Never
-- edited or deleted.
CREATE TABLE audit_prunes (
    id     TEXT PRIMARY KEY,
    chain  TEXT NOT NULL,
    seq    INTEGER NOT NULL,
    hash   TEXT NOT NULL,
    year   INTEGER NOT NULL,
    count  INTEGER NOT NULL,
    at     TIMESTAMP NOT NULL,
    sig    TEXT NOT NULL
);
CREATE INDEX audit_prunes_chain ON audit_prunes (chain, seq);

CREATE TRIGGER audit_prunes_never_edited BEFORE UPDATE ON audit_prunes
BEGIN SELECT RAISE(ABORT, 'prune checkpoints are never edited'); END;
CREATE TRIGGER audit_prunes_never_deleted BEFORE DELETE ON audit_prunes
BEGIN SELECT RAISE(ABORT, 'prune checkpoints are never deleted'); END;
