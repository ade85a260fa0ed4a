package io.fsmon.log;

import io.fsmon.event.Actor;
import io.fsmon.event.EventType;
import io.fsmon.event.FileEvent;
import java.time.Instant;

/** The representative events the golden-line tests of every format use. */
final class Events {
    static final Instant T = Instant.parse("2026-11-25T10:20:14.123456789Z");

    /** A CREATE with every field known. */
    static final FileEvent CREATE = new FileEvent(T, EventType.CREATE, "/tmp/x/a.txt", null,
            new Actor(123, 124, 1, "touch", "touch /tmp/x/a.txt", "/usr/bin/touch", 0, "root", 1000, "alice",
                    "/user.slice/user-1000.slice/session-3.scope"),
            12L, 12L);

    /** An editor saving through a rename, with a partly known actor. */
    static final FileEvent MOVED_TO = new FileEvent(Instant.parse("2026-11-25T10:20:14.5Z"), EventType.MOVED_TO,
            "/home/alice/doc.txt", "/home/alice/.doc.txt.swp",
            new Actor(4242, null, null, "vim", "vim doc.txt", null, 1000, "alice", null, null, null),
            2048L, null);

    static final FileEvent OVERFLOW = FileEvent.overflow(Instant.parse("2026-11-25T10:20:15Z"));

    private Events() {
    }
}
