package io.fsmon.history;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The times {@code --since} and {@code --until} accept:
 * <ul>
 *   <li>relative, counted back from now: {@code 45s}, {@code 30m}, {@code 2h}, {@code 7d}
 *       (also {@code 1w});</li>
 *   <li>absolute local times: {@code 2026-05-01}, {@code 2026-05-01 10:00},
 *       {@code 2026-05-01 10:00:30} (a {@code T} may replace the space);</li>
 *   <li>RFC 3339 with an offset: {@code 2026-05-01T10:00:00Z}, {@code 2026-05-01T12:00:00.5+02:00}.</li>
 * </ul>
 */
public final class TimeSpec {
    private static final Pattern RELATIVE = Pattern.compile("(\\d{1,9})\\s*([smhdw])");
    private static final DateTimeFormatter LOCAL_MINUTES = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm", Locale.ROOT);
    private static final DateTimeFormatter LOCAL_SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT);
    static final String EXAMPLES = "examples: 30m, 2h, 7d, 45s, '2026-05-01', '2026-05-01 10:00', "
            + "'2026-05-01 10:00:30', 2026-05-01T10:00:00Z";

    private TimeSpec() {
    }

    /** Parses {@code text} relative to the current time in the system's zone. */
    public static Instant parse(String text) {
        return parse(text, Instant.now(), ZoneId.systemDefault());
    }

    /**
     * Parses {@code text}; relative times count back from {@code now}, local times are in {@code zone}.
     *
     * @throws IllegalArgumentException with a one-line message and examples
     */
    public static Instant parse(String text, Instant now, ZoneId zone) {
        if (text == null || text.isBlank()) {
            throw invalid(text);
        }
        String t = text.trim();
        Matcher m = RELATIVE.matcher(t.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration unit = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(1);
                case "m" -> Duration.ofMinutes(1);
                case "h" -> Duration.ofHours(1);
                case "d" -> Duration.ofDays(1);
                default -> Duration.ofDays(7);
            };
            return now.minus(unit.multipliedBy(n));
        }
        String local = t.length() > 10 && t.charAt(10) == 'T' ? t.substring(0, 10) + ' ' + t.substring(11) : t;
        try {
            if (local.length() == 10) {
                return LocalDate.parse(local).atStartOfDay(zone).toInstant();
            }
            if (local.length() == 16) {
                return LocalDateTime.parse(local, LOCAL_MINUTES).atZone(zone).toInstant();
            }
            if (local.length() == 19) {
                return LocalDateTime.parse(local, LOCAL_SECONDS).atZone(zone).toInstant();
            }
            return OffsetDateTime.parse(t.replace(' ', 'T')).toInstant();
        } catch (DateTimeParseException e) {
            throw invalid(text);
        }
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("invalid time '" + text + "' (" + EXAMPLES + ")");
    }
}
