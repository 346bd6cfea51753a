package main

import (
	"fmt"
	"os"
	"os/signal"
	"sync"
	"syscall"
)

// interrupts holds what must be undone if the process is told to stop
// (Ctrl-C, SIGTERM) while it writes: an unfinished output, serve's
// temporary directory.
var interrupts struct {
	sync.Mutex
	listening bool
	next      int
	cleanups  map[int]func()
}

// startGuarded runs start, which makes something that must be undone if
// the process is interrupted, and registers the cleanup it returns. A
// signal that comes while start runs waits for it, so that nothing start
// makes can be left behind by an interruption. remove unregisters the
// cleanup.
func startGuarded(start func() (cleanup func(), err error)) (remove func(), err error) {
	interrupts.Lock()
	defer interrupts.Unlock()
	if !interrupts.listening {
		interrupts.listening = true
		interrupts.cleanups = map[int]func(){}
		signals := make(chan os.Signal, 1)
		signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
		go func() {
			sig := <-signals
			interrupts.Lock() // held to the end: nothing new is registered
			for _, cleanup := range interrupts.cleanups {
				cleanup()
			}
			fmt.Fprintf(os.Stderr, "briefing: %v: stopped; nothing half-written is left\n", sig)
			status := 130
			if sig == syscall.SIGTERM {
				status = 143
			}
			os.Exit(status)
		}()
	}
	cleanup, err := start()
	if err != nil {
		return nil, err
	}
	id := interrupts.next
	interrupts.next++
	interrupts.cleanups[id] = cleanup
	return func() {
		interrupts.Lock()
		delete(interrupts.cleanups, id)
		interrupts.Unlock()
	}, nil
}
