package io.fsmon.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.fsmon.event.Actor;
import io.fsmon.event.EventType;
import io.fsmon.event.FileEvent;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class HumanFormatTest {
    private final HumanFormat human = new HumanFormat(ZoneOffset.UTC, false);

    @Test
    void goldenLines() {
        assertThat(human.format(Events.CREATE)).isEqualTo(
                "[2026-11-25 10:20:14.123] [CREATE] /tmp/x/a.txt (PID: 123, CMD: touch, USER: root, LOGIN: alice, SIZE: +12 B)");
        assertThat(human.format(Events.MOVED_TO)).isEqualTo(
                "[2026-11-25 10:20:14.500] [MOVED_TO] /home/alice/.doc.txt.swp -> /home/alice/doc.txt "
                        + "(PID: 4242, CMD: vim, USER: alice, SIZE: 2.0 KiB)");
        assertThat(human.format(Events.OVERFLOW)).isEqualTo(
                "[2026-11-25 10:20:15.000] [OVERFLOW] kernel queue overflowed: events were lost");
    }

    @Test
    void showsTheGivenZone() {
        HumanFormat paris = new HumanFormat(ZoneId.of("Europe/Paris"), false);
        assertThat(paris.format(Events.OVERFLOW)).startsWith("[2026-11-25 11:20:15.000]");
    }

    @Test
    void unknownsAreQuestionMarks() {
        FileEvent e = new FileEvent(Events.T, EventType.DELETE, null, null, Actor.unknown(77), null, -4096L);
        assertThat(human.format(e)).isEqualTo("[2026-11-25 10:20:14.123] [DELETE] ? (PID: 77, CMD: ?, USER: ?, SIZE: -4.0 KiB)");
        FileEvent uid = new FileEvent(Events.T, EventType.ATTRIB, "/a", null,
                new Actor(5, null, null, "chmod", null, null, 1001, null, null, null, null), null, null);
        assertThat(human.format(uid)).isEqualTo("[2026-11-25 10:20:14.123] [ATTRIB] /a (PID: 5, CMD: chmod, USER: 1001)");
        FileEvent bare = new FileEvent(Events.T, EventType.CREATE, "/a", null, null, null, null);
        assertThat(human.format(bare)).isEqualTo("[2026-11-25 10:20:14.123] [CREATE] /a");
    }

    @Test
    void oneEventIsOneLine() {
        FileEvent e = new FileEvent(Events.T, EventType.CREATE, "/tmp/a\nb\r\u001b[31mred\u202etxt.exe", null,
                new Actor(1, null, null, "x\ty", null, null, null, "root", null, null, null), 1L, null);
        assertThat(human.format(e)).isEqualTo("[2026-11-25 10:20:14.123] [CREATE] /tmp/a\\x0ab\\x0d\\x1b[31mred\\xe2\\x80\\xaetxt.exe"
                + " (PID: 1, CMD: x\\x09y, USER: root, SIZE: 1 B)");
    }

    @Test
    void colorsTheTypeOnlyWhenAsked() {
        HumanFormat colored = new HumanFormat(ZoneOffset.UTC, true);
        assertThat(colored.format(Events.OVERFLOW)).contains("[\u001b[1;31mOVERFLOW\u001b[0m]");
        assertThat(human.format(Events.OVERFLOW)).doesNotContain("\u001b");
    }
}
