package io.fsmon.monitor;

import io.fsmon.event.EventType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class UnresolvedNoticeTest {
    @Test
    void theFirstFewOneLineEachThenAtEveryPowerOfTen() {
        List<String> lines = new ArrayList<>();
        UnresolvedNotice notice = new UnresolvedNotice(lines::add);
        for (int i = 0; i < 1500; i++) {
            notice.dropped(EventType.DELETE, 42, "f" + i);
        }
        assertThat(lines).hasSize(UnresolvedNotice.DETAILED + 3);
        assertThat(lines.getFirst()).isEqualTo("not shown: a DELETE of 'f0' by pid 42 in a directory that is gone and"
                + " could not be named; it may have been in a watched path (counted in the unresolved paths)");
        assertThat(lines.subList(UnresolvedNotice.DETAILED, lines.size())).extracting(l -> l.split(" ")[4])
                .containsExactly("10", "100", "1000");
        assertThat(notice.count()).isEqualTo(1500);
    }
}
