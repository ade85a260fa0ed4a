package io.fsmon.daemon;

import io.fsmon.event.EventType;
import io.fsmon.filter.Glob;
import io.fsmon.filter.Sizes;
import io.fsmon.monitor.MonitorConfig;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Typed reads of one table of the config file: each value must have its key's type (a string
 * where a string is meant, {@code true} or {@code false} where a flag is), else the error names
 * the line and what was expected. Unknown keys are refused, so a typo is not silently ignored.
 */
final class ConfigTable {
    private static final List<String> WATCH_KEYS = List.of("path", "recursive", "types", "exclude", "min_size", "pids",
            "cmd", "users", "marks");

    private final Toml.Table table;
    private final String where;
    private final int fallbackLine;

    /**
     * @param where        how errors name the table ("" for the top level, "in a watch" for a watch)
     * @param fallbackLine the line errors name when the key at fault is missing (0: none)
     */
    ConfigTable(Toml.Table table, String where, int fallbackLine) {
        this.table = table;
        this.where = where;
        this.fallbackLine = fallbackLine;
    }

    void allowOnly(List<String> keys) {
        for (String k : table.keySet()) {
            if (!keys.contains(k)) {
                throw error(k, "unknown key '" + k + "'" + (where.isEmpty() ? "" : " " + where)
                        + " (known: " + String.join(", ", keys) + ")");
            }
        }
    }

    String string(String key) {
        Object v = table.get(key);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        throw error(key, key + " must be a string in quotes, not " + shown(v));
    }

    /** A folder's path: a non-empty string that is a path. */
    String folder(String key) {
        String s = string(key);
        if (s != null) {
            if (s.isEmpty()) {
                throw error(key, key + " must name a folder, not \"\"");
            }
            try {
                Path.of(s);
            } catch (InvalidPathException e) {
                throw error(key, key + " is not a path: " + e.getReason());
            }
        }
        return s;
    }

    boolean flag(String key) {
        Object v = table.get(key);
        if (v == null || v instanceof Boolean) {
            return Boolean.TRUE.equals(v);
        }
        throw error(key, key + " must be true or false, not " + shown(v));
    }

    long count(String key, long dflt, long max) {
        Object v = table.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Long n && n >= 0 && n <= max) {
            return n;
        }
        throw error(key, key + " must be an integer from 0 to " + max + ", not " + shown(v));
    }

    /** An integer of bytes, or a string such as "2GB". */
    long size(String key, long dflt) {
        if (table.get(key) instanceof String s) {
            try {
                return Sizes.parse(s);
            } catch (IllegalArgumentException e) {
                throw error(key, key + ": " + e.getMessage());
            }
        }
        return count(key, dflt, Long.MAX_VALUE);
    }

    /** A string, or an array of strings (a single string is an array of one). */
    List<String> strings(String key) {
        Object v = table.get(key);
        if (v == null) {
            return List.of();
        }
        if (v instanceof String s) {
            return List.of(s);
        }
        List<String> out = new ArrayList<>();
        if (v instanceof List<?> l) {
            for (Object o : l) {
                if (!(o instanceof String s)) {
                    throw error(key, key + " must be an array of strings, not one holding " + shown(o));
                }
                out.add(s);
            }
            return out;
        }
        throw error(key, key + " must be a string or an array of strings, not " + shown(v));
    }

    /** A table ({@code [key]}), or null when absent. */
    Toml.Table table(String key) {
        Object v = table.get(key);
        if (v == null || v instanceof Toml.Table) {
            return (Toml.Table) v;
        }
        throw error(key, key + " must be a table ([" + key + "] on a line of its own), not " + shown(v));
    }

    /** The tables of an array of tables ({@code [[key]]} or {@code key = [{...}, ...]}). */
    List<Toml.Table> tables(String key) {
        Object v = table.get(key);
        if (v == null) {
            return List.of();
        }
        List<Toml.Table> out = new ArrayList<>();
        if (v instanceof List<?> l) {
            for (Object o : l) {
                if (!(o instanceof Toml.Table t)) {
                    throw error(key, key + " must hold tables ({ path = \"/etc\" }), not " + shown(o));
                }
                out.add(t);
            }
            return out;
        }
        throw error(key, key + " must be an array of tables, not " + shown(v));
    }

    /** One watch: the keys of {@code fsmon add}'s options. */
    WatchSpec watch() {
        allowOnly(WATCH_KEYS);
        String path = string("path");
        if (path == null || !path.startsWith("/")) {
            throw error(path == null ? null : "path", "a watch needs an absolute path"
                    + (path == null ? " (path = \"/etc\")" : ", not \"" + path + "\""));
        }
        folder("path");
        try {
            List<String> typeNames = strings("types");
            Set<EventType> types = typeNames.isEmpty() ? null : EventType.parseList(String.join(",", typeNames));
            Long minSize = table.containsKey("min_size") ? size("min_size", 0) : null;
            Set<Integer> pids = new LinkedHashSet<>();
            if (table.get("pids") instanceof List<?> l) {
                for (Object o : l) {
                    if (!(o instanceof Long n) || n <= 0 || n > Integer.MAX_VALUE) {
                        throw error("pids", "pids must be an array of process ids, not one holding " + shown(o));
                    }
                    pids.add(n.intValue());
                }
            } else if (table.containsKey("pids")) {
                throw error("pids", "pids must be an array of process ids, not " + shown(table.get("pids")));
            }
            String marks = string("marks");
            MonitorConfig.MarkMode mode = null;
            if (marks != null) {
                try {
                    mode = MonitorConfig.MarkMode.valueOf(marks.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw error("marks", "marks must be \"auto\", \"filesystem\" or \"inode\", not \"" + marks + "\"");
                }
            }
            String cmd = string("cmd");
            if (cmd != null) {
                Glob.compile(cmd);
            }
            return new WatchSpec(path, flag("recursive"), types, strings("exclude"), minSize, pids, cmd,
                    new LinkedHashSet<>(strings("users")), mode);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("line ")) {
                throw e;
            }
            throw error("path", "watch " + path + ": " + e.getMessage());
        }
    }

    int line(String key) {
        int line = key == null ? 0 : table.line(key);
        return line > 0 ? line : fallbackLine;
    }

    IllegalArgumentException error(String key, String what) {
        int line = line(key);
        return new IllegalArgumentException((line > 0 ? "line " + line + ": " : "") + what);
    }

    private static String shown(Object v) {
        return v instanceof String s ? "\"" + s + "\""
                : v instanceof List<?> ? "an array"
                : v instanceof java.util.Map<?, ?> ? "a table"
                : String.valueOf(v);
    }
}
