package io.fsmon.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link LocalSeconds} writes what the human format's DateTimeFormatter writes, across zone transitions. */
class LocalSecondsTest {
    @Test
    void writesWhatTheFormatterWrites() {
        SplittableRandom rnd = new SplittableRandom(15);
        for (String name : List.of("UTC", "Europe/Berlin", "America/St_Johns", "Australia/Lord_Howe", "Asia/Kathmandu",
                "Pacific/Apia", "America/Sao_Paulo", "Europe/Dublin", "Africa/Casablanca")) {
            ZoneId zone = ZoneId.of(name);
            DateTimeFormatter f = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT).withZone(zone);
            List<Long> seconds = new ArrayList<>();
            Instant from = Instant.parse("1890-01-01T00:00:00Z");
            for (ZoneOffsetTransition t = zone.getRules().nextTransition(from); t != null
                    && t.getInstant().isBefore(Instant.parse("2040-01-01T00:00:00Z")); t = zone.getRules().nextTransition(t.getInstant())) {
                for (long d = -3; d <= 3; d++) {
                    seconds.add(t.toEpochSecond() + d);
                }
                seconds.add(t.toEpochSecond() + 3600);
            }
            for (int i = 0; i < 20_000; i++) {
                seconds.add(rnd.nextLong(-62_167_219_200L + 86_400, 253_402_300_799L - 86_400)); // years 0000-9999
            }
            // in order and shuffled: the offset and the day are cached
            List<Long> shuffled = new ArrayList<>(seconds);
            java.util.Collections.shuffle(shuffled, new java.util.Random(15));
            seconds.addAll(shuffled);
            LocalSeconds local = new LocalSeconds(zone);
            for (long s : seconds) {
                String want = f.format(Instant.ofEpochSecond(s));
                if (local.write(s)) {
                    assertThat(new String(local.text(), StandardCharsets.US_ASCII)).as("%s %d", name, s).isEqualTo(want);
                } else {
                    assertThat(want).as("%s %d", name, s).doesNotMatch("\\d{4}-.*");
                }
            }
        }
    }

    @Test
    void leavesYearsItCannotWriteToTheFormatter() {
        LocalSeconds local = new LocalSeconds(ZoneId.of("Pacific/Kiritimati")); // UTC+14
        assertThat(local.write(Instant.parse("9999-12-31T23:00:00Z").getEpochSecond())).isFalse();
        LocalSeconds west = new LocalSeconds(ZoneId.of("America/Los_Angeles"));
        assertThat(west.write(Instant.parse("0000-01-01T01:00:00Z").getEpochSecond())).isFalse();
    }
}
