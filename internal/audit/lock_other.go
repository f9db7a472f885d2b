//go:build !unix

package audit

import "os"

// lockFile does nothing where there is no flock: give each process a
// checkpoint directory of its own there.
func lockFile(f *os.File) error { return nil }

func unlockFile(f *os.File) {}
