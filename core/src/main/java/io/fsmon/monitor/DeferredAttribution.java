package io.fsmon.monitor;

import io.fsmon.event.Actor;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * An {@link Attribution} that is built on another thread while the marks are placed: subscribing
 * to process events and scanning {@code /proc} take as long as placing the marks, and neither
 * needs the other. {@link Monitor#start} waits for it ({@link #awaitReady}) before it announces the
 * marks and returns; events made meanwhile wait in the kernel's queue.
 */
public final class DeferredAttribution implements Attribution {
    private final CompletableFuture<? extends Attribution> pending;

    private DeferredAttribution(CompletableFuture<? extends Attribution> pending) {
        this.pending = pending;
    }

    /** Starts building {@code build} on a new platform thread. */
    public static DeferredAttribution start(Supplier<? extends Attribution> build) {
        CompletableFuture<Attribution> f = new CompletableFuture<>();
        Thread.ofPlatform().name("fsmon-attribution-start").daemon(true).start(() -> {
            try {
                f.complete(build.get());
            } catch (RuntimeException | Error e) {
                f.completeExceptionally(e);
            }
        });
        return new DeferredAttribution(f);
    }

    private Attribution get() {
        return pending.join();
    }

    /** Waits until the attribution is built: until then a process that exits may never be named. */
    @Override
    public void awaitReady() {
        get().awaitReady();
    }

    @Override
    public void batchRead(long startNanos, long endNanos, boolean full) {
        get().batchRead(startNanos, endNanos, full);
    }

    @Override
    public void heldOver() {
        get().heldOver();
    }

    @Override
    public void execOpened(int pid, String path) {
        get().execOpened(pid, path);
    }

    @Override
    public Actor actorOf(int pid) {
        return get().actorOf(pid);
    }

    @Override
    public boolean selects(Actor actor) {
        return get().selects(actor);
    }

    @Override
    public String summary() {
        return get().summary();
    }

    /** Closes what was built; a build that failed left nothing open. */
    @Override
    public void close() {
        Attribution built;
        try {
            built = get();
        } catch (CompletionException | CancellationException e) {
            return;
        }
        built.close();
    }
}
