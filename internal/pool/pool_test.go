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
	err := Ordered(context.Background(), 50, 4, func(i int) int {
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
	err := Ordered(ctx, 100, 2, func(i int) int {
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
