package io.fsmon.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.fsmon.filter.EventFilter;
import io.fsmon.event.EventType;
import io.fsmon.event.FileEvent;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The live stream's bound: subscribers that stopped reading cannot together hold more than twice one queue. */
class LiveFeedTest {
    private static final EventFilter ALL = EventFilter.builder().build();

    @Test
    void stalledSubscribersTogetherHoldAtMostTwiceOneQueue() throws Exception {
        LiveFeed feed = new LiveFeed();
        // Three readers that stop reading at different times, each keeping a different window alive.
        LiveFeed.Subscriber a = feed.subscribe(ALL, 10);
        publish(feed, 0, 10);
        LiveFeed.Subscriber b = feed.subscribe(ALL, 10);
        publish(feed, 10, 10);
        LiveFeed.Subscriber c = feed.subscribe(ALL, 10);
        publish(feed, 20, 5);

        FileEvent first = c.next(0);
        assertThat(first.type()).as("the third reader is told what the bound cost it").isEqualTo(EventType.GAP);
        assertThat(first.dropped()).isEqualTo(5L);
        assertThat(feed.dropped()).as("a: 15 beyond its queue, b: 5, c: 5").isEqualTo(25L);

        // A reader that leaves gives its share back: the next reader is served again.
        a.close();
        publish(feed, 25, 1);
        assertThat(c.next(0).path()).isEqualTo("/f25");
        b.close();
        c.close();
    }

    private static void publish(LiveFeed feed, int from, int n) {
        for (int i = from; i < from + n; i++) {
            feed.publish(new FileEvent(Instant.ofEpochSecond(i), EventType.CREATE, "/f" + i, null, null, null, null,
                    null, null, null));
        }
    }
}
