package io.fsmon.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fsmon.event.EventType;
import io.fsmon.event.FileEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pull form's hand-over: a lagging consumer loses events, never silently, and memory stays bounded. */
class EventQueueTest {
    private static FileEvent create(int i) {
        return new FileEvent(Instant.ofEpochSecond(i), EventType.CREATE, "/f" + i, null, null, null, null);
    }

    @Test
    void whatDoesNotFitIsOneGapWithCountAndSpanBeforeTheNextEventThatFits() throws Exception {
        EventQueue q = new EventQueue(4);
        for (int i = 0; i < 10; i++) {
            q.accept(create(i));
        }
        // three fit (one place stays free for the GAP), seven were dropped
        assertThat(q.take().path()).isEqualTo("/f0");
        assertThat(q.take().path()).isEqualTo("/f1");
        q.accept(create(10)); // room for the GAP and this one
        q.finish();
        List<FileEvent> rest = q.stream().toList();
        assertThat(rest).extracting(FileEvent::type)
                .containsExactly(EventType.CREATE, EventType.GAP, EventType.CREATE);
        FileEvent gap = rest.get(1);
        assertThat(gap.dropped()).isEqualTo(7);
        assertThat(gap.since()).isEqualTo(Instant.ofEpochSecond(3));
        assertThat(gap.until()).isEqualTo(Instant.ofEpochSecond(9));
        assertThat(rest.get(2).path()).isEqualTo("/f10");
    }

    @Test
    void dropsStillPendingAtTheEndAreSaidBeforeTheStreamEnds() {
        EventQueue q = new EventQueue(2);
        q.accept(create(0));
        q.accept(create(1));
        q.accept(create(2));
        q.finish();
        assertThat(q.stream().toList()).extracting(FileEvent::type).containsExactly(EventType.CREATE, EventType.GAP);
    }
}
