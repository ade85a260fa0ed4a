package io.fsmon.filter;

import io.fsmon.event.FileEvent;
import io.fsmon.event.EventType;
import io.fsmon.event.Actor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventFilterTest {
    private static final Instant T = Instant.parse("2026-11-25T10:20:14Z");
    private static final Actor ROOT_PY = new Actor(42, null, 1, "python3", "/usr/bin/python3 /srv/app/run.py --x",
            "/usr/bin/python3.12", 0, "root", 1000, "alice", null);

    private static FileEvent ev(EventType type, String path, Long size, Actor actor) {
        return new FileEvent(T, type, path, null, actor, size, null);
    }

    @Test
    void defaultsSelectTheEightTypes() {
        assertThat(EventFilter.ALL_DEFAULTS.test(ev(EventType.CREATE, "/a", null, null))).isTrue();
        assertThat(EventFilter.ALL_DEFAULTS.test(ev(EventType.ACCESS, "/a", null, null))).isFalse();
        assertThat(EventFilter.ALL_DEFAULTS.types()).isEqualTo(EventType.DEFAULTS);
    }

    @Test
    void markersAlwaysPass() {
        EventFilter strict = EventFilter.builder().types(Set.of(EventType.CREATE)).minSize(10L)
                .pids(List.of(1)).cmd(Glob.compile("x")).users(List.of("nobody")).build();
        assertThat(strict.test(FileEvent.overflow(T))).isTrue();
    }

    @Test
    void noConstraintPassesEverything() {
        EventFilter none = EventFilter.of(null, null, null, null, null, null);
        assertThat(none.test(ev(EventType.ACCESS, null, null, null))).isTrue();
        assertThat(none.excludes()).isEmpty();
        assertThat(none).isEqualTo(EventFilter.builder().build());
    }

    @Test
    void excludesLookAtThePathOnly() {
        EventFilter f = EventFilter.builder().exclude(Glob.compile("*.swp")).exclude(Glob.compile("/proc/**")).build();
        assertThat(f.test(ev(EventType.CREATE, "/home/u/.x.swp", null, null))).isFalse();
        assertThat(f.test(ev(EventType.CREATE, "/proc/1/x", null, null))).isFalse();
        assertThat(f.test(ev(EventType.CREATE, "/home/u/x", null, null))).isTrue();
        assertThat(f.test(ev(EventType.CREATE, null, null, null))).isTrue();
        FileEvent saved = new FileEvent(T, EventType.MOVED_TO, "/home/u/x", "/home/u/.x.swp", null, null, null);
        assertThat(f.test(saved)).isTrue();
        FileEvent hidden = new FileEvent(T, EventType.MOVED_TO, "/home/u/.y.swp", "/home/u/y", null, null, null);
        assertThat(f.test(hidden)).isFalse();
    }

    @Test
    void minSizeNeedsAKnownSize() {
        EventFilter f = EventFilter.builder().minSize(100L).build();
        assertThat(f.test(ev(EventType.CLOSE_WRITE, "/a", 100L, null))).isTrue();
        assertThat(f.test(ev(EventType.CLOSE_WRITE, "/a", 99L, null))).isFalse();
        assertThat(f.test(ev(EventType.CLOSE_WRITE, "/a", null, null))).isFalse();
        assertThatThrownBy(() -> EventFilter.builder().minSize(-1L).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pids() {
        EventFilter f = EventFilter.builder().pids(List.of(42, 7)).build();
        assertThat(f.test(ev(EventType.CREATE, "/a", null, ROOT_PY))).isTrue();
        assertThat(f.test(ev(EventType.CREATE, "/a", null, Actor.unknown(8)))).isFalse();
        assertThat(f.test(ev(EventType.CREATE, "/a", null, null))).isFalse();
    }

    @Test
    void cmdMatchesCommProgramNameOrWholeCommandLine() {
        assertThat(cmd("python3").test(ev(EventType.CREATE, "/a", null, ROOT_PY))).isTrue();
        assertThat(cmd("pyth*").test(ev(EventType.CREATE, "/a", null, ROOT_PY))).isTrue();
        Actor longName = new Actor(1, null, null, "a-very-long-pro", "/opt/a-very-long-program-name -v",
                null, null, null, null, null, null);
        assertThat(cmd("a-very-long-program-name").test(ev(EventType.CREATE, "/a", null, longName))).isTrue();
        assertThat(cmd("**run.py**").test(ev(EventType.CREATE, "/a", null, ROOT_PY))).isTrue();
        assertThat(cmd("bash").test(ev(EventType.CREATE, "/a", null, ROOT_PY))).isFalse();
        assertThat(cmd("bash").test(ev(EventType.CREATE, "/a", null, Actor.unknown(3)))).isFalse();
    }

    @Test
    void usersByNameOrUid() {
        assertThat(users("root").test(ev(EventType.CREATE, "/a", null, ROOT_PY))).isTrue();
        assertThat(users("0").test(ev(EventType.CREATE, "/a", null, ROOT_PY))).isTrue();
        assertThat(users("alice").test(ev(EventType.CREATE, "/a", null, ROOT_PY))).isFalse();
        assertThat(users("root").test(ev(EventType.CREATE, "/a", null, Actor.unknown(3)))).isFalse();
    }

    @Test
    void programName() {
        assertThat(EventFilter.programName("/usr/bin/python3 x.py")).isEqualTo("python3");
        assertThat(EventFilter.programName("touch")).isEqualTo("touch");
        assertThat(EventFilter.programName("")).isNull();
    }

    private static EventFilter cmd(String glob) {
        return EventFilter.builder().cmd(Glob.compile(glob)).build();
    }

    private static EventFilter users(String... users) {
        return EventFilter.builder().users(List.of(users)).build();
    }
}
