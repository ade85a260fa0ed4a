package io.fsmon.api;

import io.fsmon.event.FileEvent;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The hand-over between the watcher's thread and a consumer that pulls ({@link FileWatcher.Builder#stream()}):
 * at most {@code capacity} events wait. The watcher never waits for the consumer (the kernel's
 * queue would overflow meanwhile, with nothing said about which events): an event that finds the
 * queue full is dropped and counted, and the consumer gets one GAP event with the count and the
 * span of the drops before the next event that fits. The GAP takes a place of its own, so the
 * queue keeps one place free for it.
 */
final class EventQueue implements Consumer<FileEvent> {
    private final int capacity;
    private final ArrayDeque<FileEvent> events;
    private long dropped;
    private Instant firstDropped;
    private Instant lastDropped;
    private boolean finished;

    EventQueue(int capacity) {
        this.capacity = capacity;
        this.events = new ArrayDeque<>(Math.min(capacity, 4096));
    }

    @Override
    public synchronized void accept(FileEvent e) {
        if (finished) {
            return;
        }
        if (dropped == 0 && events.size() < capacity - 1) {
            events.add(e);
            notifyAll();
            return;
        }
        if (dropped > 0 && events.size() <= capacity - 2) {
            events.add(FileEvent.gap(e.time(), firstDropped, lastDropped, dropped));
            dropped = 0;
            events.add(e);
            notifyAll();
            return;
        }
        if (dropped++ == 0) {
            firstDropped = e.time();
        }
        lastDropped = e.time();
    }

    /** No more events will come: the consumer gets what waits (and a last GAP), then the end. */
    synchronized void finish() {
        if (dropped > 0) {
            events.add(FileEvent.gap(lastDropped, firstDropped, lastDropped, dropped));
            dropped = 0;
        }
        finished = true;
        notifyAll();
    }

    /** The next event, waiting for it; null at the end. */
    synchronized FileEvent take() throws InterruptedException {
        while (events.isEmpty() && !finished) {
            wait();
        }
        return events.poll();
    }

    Stream<FileEvent> stream() {
        Iterator<FileEvent> it = new Iterator<>() {
            private FileEvent next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    try {
                        next = take();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                }
                return next != null;
            }

            @Override
            public FileEvent next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                FileEvent e = next;
                next = null;
                return e;
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }
}
