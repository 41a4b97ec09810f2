package pool

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"
)

func TestOrderedReportsInOrder(t *testing.T) {
	var got []int
	err := Ordered(context.Background(), 50, 4, func(_ context.Context, i int) int {
		time.Sleep(time.Duration((50-i)%7) * time.Millisecond) // finish out of order
		return i * i
	}, func(i, r int) {
		if r != i*i {
			t.Errorf("item %d: %d", i, r)
		}
		got = append(got, i)
	})
	if err != nil || len(got) != 50 {
		t.Fatalf("%v, %d reported", err, len(got))
	}
	for i, v := range got {
		if v != i {
			t.Fatalf("reported out of order: %v", got)
		}
	}
}

func TestOrderedStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var started atomic.Int32
	reported := 0
	err := Ordered(ctx, 100, 2, func(_ context.Context, i int) int {
		started.Add(1)
		if i == 5 {
			cancel()
		}
		time.Sleep(time.Millisecond)
		return i
	}, func(int, int) { reported++ })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v", err)
	}
	if s := int(started.Load()); s >= 100 || reported > s {
		t.Errorf("started %d, reported %d of 100", s, reported)
	}
}

// An item stuck in a long computation does not hold a cancelled run for
// more than Grace: Ctrl-C is obeyed at once.
func TestCancelledRunReturnsWithinGrace(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	release := make(chan struct{})
	defer close(release)
	go func() { time.Sleep(20 * time.Millisecond); cancel() }()
	began := time.Now()
	err := Ordered(ctx, 4, 2, func(_ context.Context, i int) int {
		<-release // never finishes before the run gives up on it
		return i
	}, func(int, int) { t.Error("an unfinished item was reported") })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v", err)
	}
	if d := time.Since(began); d > 20*time.Millisecond+Grace+time.Second {
		t.Errorf("returned %v after the cancel", d)
	}
}

// Bump moves an item that has not started to the front: the review app
// checks the photo the parent opens next.
func TestBumpMovesAnItemToTheFront(t *testing.T) {
	gate, began := make(chan struct{}), make(chan struct{})
	var order []int
	q := Start(context.Background(), 10, 1, func(_ context.Context, i int) int {
		if i == 0 {
			close(began)
			<-gate // hold the only worker until the bump is done
		}
		return i
	})
	<-began
	q.Bump(7)
	q.Bump(42) // not an item: ignored
	close(gate)
	for d := range q.Results() {
		order = append(order, d.Index)
	}
	if len(order) != 10 || order[0] != 0 || order[1] != 7 {
		t.Fatalf("order %v, want 0, 7, then the rest", order)
	}
}

// A cancelled run still reports the items that finished behind one that
// did not: their work is done (a copy written), and a run that stops must
// say so ("interrupted: 0 of 21 done" while 6 copies were written).
func TestCancelledRunReportsWhatFinishedOutOfOrder(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	release := make(chan struct{})
	defer close(release)
	var finished atomic.Int32
	var got []int
	err := Ordered(ctx, 6, 2, func(_ context.Context, i int) int {
		if i == 0 {
			<-release // the slow first photo never finishes in time
			return i
		}
		if finished.Add(1) == 3 {
			cancel()
		}
		return i
	}, func(i, _ int) { got = append(got, i) })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v", err)
	}
	if len(got) < 3 || got[0] == 0 {
		t.Fatalf("reported %v: want the items that finished (at least 1, 2, 3), not item 0", got)
	}
	for k := 1; k < len(got); k++ {
		if got[k] <= got[k-1] {
			t.Errorf("reported out of order: %v", got)
		}
	}
}
