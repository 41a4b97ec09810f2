// Package pool runs a function over n items on a fixed number of workers.
// A Queue hands results back as they finish and lets the caller move an item
// to the front (the review app opens a photo not checked yet); Ordered hands
// them back in item order, from the caller's goroutine.
package pool

import (
	"context"
	"maps"
	"slices"
	"sync"
	"time"
)

// Grace is how long a cancelled run waits for the items under way before it
// returns without them: long enough for a write to finish, short enough
// that Ctrl-C is obeyed at once. An item abandoned this way must not write
// anything once its context is done (its work function checks ctx).
const Grace = 500 * time.Millisecond

// Done is one finished item.
type Done[R any] struct {
	Index int
	Value R
}

// Queue runs work(ctx, i) for i in [0, n) on a fixed number of workers,
// front of the queue first.
type Queue[R any] struct {
	results chan Done[R]
	mu      sync.Mutex
	order   []int // items not started, front first
}

// Start starts the workers. Results arrive on Results as they finish; the
// channel is closed when every item has finished, or, once ctx is done, when
// the items under way have finished or Grace has passed.
func Start[R any](ctx context.Context, n, workers int, work func(ctx context.Context, i int) R) *Queue[R] {
	workers = max(1, min(workers, n))
	q := &Queue[R]{results: make(chan Done[R], n), order: make([]int, n)}
	for i := range q.order {
		q.order[i] = i
	}
	done := make(chan Done[R], n) // never blocks a worker: one slot per item
	var running sync.WaitGroup
	for w := 0; w < workers; w++ {
		running.Add(1)
		go func() {
			defer running.Done()
			for ctx.Err() == nil {
				i, ok := q.next()
				if !ok {
					return
				}
				done <- Done[R]{i, work(ctx, i)}
			}
		}()
	}
	finished := make(chan struct{})
	go func() { running.Wait(); close(finished) }()
	go func() {
		defer close(q.results)
		var timeout <-chan time.Time
		stop := ctx.Done()
		for {
			select {
			case d := <-done:
				q.results <- d
			case <-finished:
				for len(done) > 0 {
					q.results <- <-done
				}
				return
			case <-stop:
				stop, timeout = nil, time.After(Grace)
			case <-timeout:
				return
			}
		}
	}()
	return q
}

// Results delivers the finished items.
func (q *Queue[R]) Results() <-chan Done[R] { return q.results }

func (q *Queue[R]) next() (int, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.order) == 0 {
		return 0, false
	}
	i := q.order[0]
	q.order = q.order[1:]
	return i, true
}

// Bump moves item i to the front of the queue, if it has not started.
func (q *Queue[R]) Bump(i int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for k, j := range q.order {
		if j == i {
			copy(q.order[1:k+1], q.order[:k])
			q.order[0] = i
			return
		}
	}
}

// Ordered calls work(ctx, i) for i in [0, n) on workers goroutines and
// report(i, result) in order of i, from the caller's goroutine. When ctx is
// cancelled it starts no more items, reports those that finish within Grace
// (in order of i, skipping the items that did not finish: a finished item
// held behind an unfinished one is still reported, so that no work done
// goes unsaid), and returns ctx.Err(); items that did not finish are not
// reported.
func Ordered[R any](ctx context.Context, n, workers int, work func(ctx context.Context, i int) R, report func(i int, r R)) error {
	if n == 0 {
		return ctx.Err()
	}
	q := Start(ctx, n, workers, work)
	held := map[int]R{}
	next := 0
	for d := range q.Results() {
		held[d.Index] = d.Value
		for {
			r, ok := held[next]
			if !ok {
				break
			}
			delete(held, next)
			report(next, r)
			next++
		}
	}
	if next < n {
		rest := slices.Sorted(maps.Keys(held))
		for _, i := range rest {
			report(i, held[i])
		}
		return ctx.Err()
	}
	return nil
}
