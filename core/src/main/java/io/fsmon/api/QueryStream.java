package io.fsmon.api;

import io.fsmon.event.FileEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A query that pushes its events (the engine reads files in ranges, on its own threads) as a
 * stream that pulls: the query runs on a virtual thread and hands the events over in batches
 * through a small bounded queue, so it reads no further ahead than the consumer; closing the
 * stream stops it and its files are closed.
 */
final class QueryStream {
    private static final int BATCH = 256;
    private static final Object END = new Object();

    /** The query: hands events to the consumer; the files it opens are closed when it returns or throws. */
    interface Producer {
        void run(Consumer<FileEvent> consumer) throws IOException;
    }

    /** Thrown into the producer when the stream is closed, to end it early. */
    private static final class Closed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Closed() {
            super(null, null, false, false);
        }
    }

    private QueryStream() {
    }

    static Stream<FileEvent> of(Producer producer) {
        BlockingQueue<Object> queue = new ArrayBlockingQueue<>(8);
        boolean[] closed = {false};
        Thread thread = Thread.ofVirtual().name("fsmon-query").start(() -> {
            Object last = END;
            FileEvent[][] batch = {new FileEvent[BATCH]};
            int[] n = {0};
            try {
                producer.run(e -> {
                    batch[0][n[0]++] = e;
                    if (n[0] == BATCH) {
                        put(queue, batch[0], closed);
                        batch[0] = new FileEvent[BATCH];
                        n[0] = 0;
                    }
                });
                if (n[0] > 0) {
                    put(queue, java.util.Arrays.copyOf(batch[0], n[0]), closed);
                }
            } catch (Closed e) {
                return;
            } catch (IOException e) {
                last = new UncheckedIOException(e);
            } catch (RuntimeException | Error e) {
                last = e;
            }
            try {
                put(queue, last, closed);
            } catch (Closed ignored) {
                // nobody reads any more
            }
        });
        Iterator<FileEvent> it = new Iterator<>() {
            private FileEvent[] current = new FileEvent[0];
            private int i;
            private boolean done;

            @Override
            public boolean hasNext() {
                while (i == current.length && !done) {
                    Object o;
                    try {
                        o = queue.take();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while reading the history", e);
                    }
                    if (o instanceof FileEvent[] b) {
                        current = b;
                        i = 0;
                    } else {
                        done = true;
                        if (o instanceof RuntimeException r) {
                            throw r;
                        }
                        if (o instanceof Error err) {
                            throw err;
                        }
                    }
                }
                return i < current.length;
            }

            @Override
            public FileEvent next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current[i++];
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(() -> {
                    synchronized (closed) {
                        closed[0] = true;
                    }
                    thread.interrupt();
                });
    }

    private static void put(BlockingQueue<Object> queue, Object o, boolean[] closed) {
        try {
            synchronized (closed) {
                if (closed[0]) {
                    throw new Closed();
                }
            }
            queue.put(o);
        } catch (InterruptedException e) {
            throw new Closed();
        }
    }
}
