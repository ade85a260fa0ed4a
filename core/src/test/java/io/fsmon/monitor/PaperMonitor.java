package io.fsmon.monitor;

import io.fsmon.event.Actor;
import io.fsmon.event.EventType;
import io.fsmon.event.FileEvent;
import io.fsmon.filter.EventFilter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The monitor's record pipeline with its edges on paper ({@link FakeKernel}, an attribution that
 * names pid N "pN"), fed hand-built reads ({@link RecordBytes}) as the reader thread feeds it the
 * kernel's. Runs as any user in milliseconds.
 */
final class PaperMonitor {
    /** fsmon's own pid in these tests. */
    static final int OWN_PID = 4242;

    final FakeKernel kernel = new FakeKernel();
    final PathResolver resolver;
    final List<FileEvent> events = new ArrayList<>();
    final List<String> diagnostics = new ArrayList<>();
    /** Execs the attribution was told of, as "pid path". */
    final List<String> execs = new ArrayList<>();
    final RecordPipeline pipeline;
    final RecordInterpreter interpreter;
    private final Attribution actors = new Attribution() {
        @Override
        public void execOpened(int pid, String path) {
            execs.add(pid + " " + path);
        }

        @Override
        public Actor actorOf(int pid) {
            return actor(pid);
        }
    };

    /** Watching {@code roots} for {@code types}, on a kernel that reports target FIDs. */
    PaperMonitor(Set<EventType> types, Scope.Root... roots) {
        this(types, null, true, roots);
    }

    PaperMonitor(Set<EventType> types, EventFilter filter, boolean learnsNewDirectories, Scope.Root... roots) {
        resolver = new PathResolver(64, kernel);
        interpreter = new RecordInterpreter(resolver, kernel, kernel, new Scope(List.of(roots)),
                types, filter, actors, OWN_PID, learnsNewDirectories, diagnostics::add);
        pipeline = new RecordPipeline(interpreter);
    }

    /** A recursively watched directory. */
    static Scope.Root tree(String path) {
        return new Scope.Root(path, true, true);
    }

    /** The actor this attribution names for {@code pid}. */
    static Actor actor(int pid) {
        return new Actor(pid, null, 1, "p" + pid, null, null, 0, "root", null, null, null, null);
    }

    /** A directory the start-up walk learned: known by handle, and openable. */
    HandleKey walkedDirectory(String path) {
        HandleKey k = kernel.object(path);
        resolver.learn(k, path);
        return k;
    }

    /** Feeds one read, made at {@code time}; returns the events it produced. */
    List<FileEvent> read(RecordBytes read, Instant time) {
        int before = events.size();
        byte[] b = read.bytes();
        pipeline.read(b, b.length, time, events::add);
        return List.copyOf(events.subList(before, events.size()));
    }

    /** No read follows (the queue stayed empty, or the monitor stops): what is held is interpreted. */
    List<FileEvent> flush() {
        int before = events.size();
        pipeline.flushHeld(events::add);
        return List.copyOf(events.subList(before, events.size()));
    }
}
