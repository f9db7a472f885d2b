package app

import (
	"context"
	"log/slog"
	"time"

	"koto/internal/store"
)

// sealInterval is how long an access-log entry may stay unsealed while a
// server runs.
const sealInterval = 200 * time.Millisecond

// runSealer chains new access-log entries until ctx ends, then seals once
// more so a graceful stop leaves nothing pending. Every server runs one;
// the store makes concurrent sealers safe.
func runSealer(ctx context.Context, db *store.DB, log *slog.Logger) {
	t := time.NewTicker(sealInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			final, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if _, err := db.SealAudit(final); err != nil {
				log.Error("sealing access log at shutdown", "err", err)
			}
			return
		case <-t.C:
			if _, err := db.SealAudit(ctx); err != nil && ctx.Err() == nil {
				log.Error("sealing access log", "err", err)
			}
		}
	}
}
