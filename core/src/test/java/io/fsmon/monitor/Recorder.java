package io.fsmon.monitor;

import io.fsmon.event.EventType;
import io.fsmon.event.FileEvent;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A sink that keeps every event and lets a test wait for one. {@link #sync} is the barrier:
 * fanotify delivers in order, so once the CREATE of a fresh sentinel file arrives, every event
 * caused before it has arrived too.
 */
public final class Recorder implements EventSink {
    private static final AtomicInteger SENTINELS = new AtomicInteger();
    private final LinkedBlockingQueue<FileEvent> queue = new LinkedBlockingQueue<>();
    private final List<FileEvent> seen = new ArrayList<>();

    @Override
    public void accept(FileEvent event) throws IOException {
        queue.add(event);
    }

    /** Waits for an event matching {@code p}; fails after {@code timeout}. */
    public FileEvent await(Predicate<FileEvent> p, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (FileEvent e : seen) {
            if (p.test(e)) {
                return e;
            }
        }
        while (true) {
            long left = deadline - System.nanoTime();
            FileEvent e = left <= 0 ? null : queue.poll(left, TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new AssertionError("no matching event within " + timeout + "; saw " + seen.size() + " events: "
                        + seen.subList(Math.max(0, seen.size() - 20), seen.size()));
            }
            seen.add(e);
            if (p.test(e)) {
                return e;
            }
        }
    }

    /**
     * Creates a sentinel file in {@code dir} from a child process and waits for its CREATE; returns
     * every event seen before it (sentinels excluded).
     */
    public List<FileEvent> sync(Path dir) throws IOException, InterruptedException {
        String name = ".sentinel-" + SENTINELS.incrementAndGet();
        String path = dir.resolve(name).toString();
        Shell.sh(dir, "touch " + name);
        await(e -> e.type() == EventType.CREATE && path.equals(e.path()), Duration.ofSeconds(20));
        return events();
    }

    /** Every event so far except sentinels' and markers'. */
    public List<FileEvent> events() {
        queue.drainTo(seen);
        List<FileEvent> out = new ArrayList<>();
        for (FileEvent e : seen) {
            if (e.path() == null || !e.path().contains("/.sentinel-")) {
                out.add(e);
            }
        }
        return out;
    }

    /** Every event so far, markers included. */
    public List<FileEvent> all() {
        queue.drainTo(seen);
        return List.copyOf(seen);
    }
}
