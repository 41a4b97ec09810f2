// Package pool runs a function over n items on a fixed number of workers
// and hands the results back one at a time, in item order, from the
// caller's goroutine.
package pool

import (
	"context"
	"sync"
)

// Ordered calls work(i) for i in [0, n) on workers goroutines and report(i,
// result) in order of i. When ctx is cancelled it starts no more items,
// reports the ones under way as they finish, and returns ctx.Err(); items
// never started are not reported.
func Ordered[R any](ctx context.Context, n, workers int, work func(i int) R, report func(i int, r R)) error {
	workers = max(1, workers)
	results := make([]chan R, n)
	for i := range results {
		results[i] = make(chan R, 1)
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i] <- work(i)
			}
		}()
	}
	go func() {
		defer close(next)
		for i := 0; i < n; i++ {
			select {
			case <-ctx.Done():
				return
			case next <- i:
			}
		}
	}()
	for i := 0; i < n; i++ {
		select {
		case r := <-results[i]:
			report(i, r)
		case <-ctx.Done():
			wg.Wait() // the items under way finish (their writes are atomic)
			for ; i < n; i++ {
				select {
				case r := <-results[i]:
					report(i, r)
				default:
					return ctx.Err()
				}
			}
			return ctx.Err()
		}
	}
	wg.Wait()
	return nil
}
