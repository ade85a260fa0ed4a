package io.fsmon.daemon;

import io.fsmon.log.HistoryLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A day rotated past 999 files names its next one {@code -1000}, which sorts before {@code -999} as
 * text: every "which file comes after the checkpoint" must follow the layout's order, not the text's.
 */
class ShipFileOrderTest {
    @TempDir
    Path dir;

    @Test
    void theFileAfterTheNineHundredNinetyNinthIsTheThousandth() throws Exception {
        LocalDate day = LocalDate.parse("2026-12-03");
        HistoryLayout layout = new HistoryLayout(dir);
        for (int s : new int[] {998, 999, 1000, 1001}) {
            Files.writeString(layout.fileFor(day, s, false), "");
        }
        List<HistoryLayout.HistoryFile> files = layout.files();
        assertThat(ShipCheckpoint.firstAfter(files, "events-2026-12-03-999")).as("after 999").isEqualTo(2);
        assertThat(ShipCheckpoint.firstAfter(files, "events-2026-12-03-1000")).as("after 1000").isEqualTo(3);
        Files.writeString(dir.resolve(HistoryLayout.UNSENT_MARK), "events-2026-12-03-1000\n");
        assertThat(files.stream().filter(layout.unsent()::test).map(f -> f.sequence()))
                .as("kept by clean").containsExactly(1000, 1001);
    }
}
