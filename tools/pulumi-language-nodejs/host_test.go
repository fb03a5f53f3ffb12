package main

import (
	"context"
	"testing"
)

func TestCancelInterruptsOnlyRunningPrograms(t *testing.T) {
	h := newLanguageHost("127.0.0.1:1", "")
	running := h.runContext()
	if _, err := h.Cancel(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if running.Err() == nil {
		t.Error("Cancel did not cancel the context of a running program")
	}
	if err := h.runContext().Err(); err != nil {
		t.Errorf("a program started after Cancel would be cancelled at once: %v", err)
	}
}
