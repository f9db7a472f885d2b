package store

import (
	"runtime"
	"sync"
)

// sealRows runs seal(i) for i in 0..n-1 on every core and returns the
// first error. The bulk paths (InsertNotes) seal their rows with it
// before their one transaction writes them in order: sealing is the CPU
// work of a load, the writer is one connection anyway. seal must only
// touch row i's own data.
func sealRows(n int, seal func(i int) error) error {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := range n {
			if err := seal(i); err != nil {
				return err
			}
		}
		return nil
	}
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
	)
	for w := range workers {
		wg.Go(func() {
			for i := w; i < n; i += workers {
				if err := seal(i); err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
					return
				}
			}
		})
	}
	wg.Wait()
	return firstErr
}
