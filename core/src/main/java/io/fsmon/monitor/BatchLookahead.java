package io.fsmon.monitor;

import io.fsmon.linux.Fanotify;

import java.util.HashMap;
import java.util.List;

/**
 * What the later records of a batch tell about the earlier ones. A reader that lags reads the
 * whole story at once: a file created, then renamed away or deleted; a file's own events before
 * the DELETE that names it; a shell writing a file before exec'ing its last command. Built once
 * per batch, before any record of it is interpreted. Owned by the reader thread.
 */
final class BatchLookahead {
    /**
     * The last record deleting or renaming away each name, by directory then name: two lookups
     * without a key object, as C1 would allocate one for every record it asks about.
     */
    private final HashMap<HandleKey, HashMap<String, Integer>> lastGone = new HashMap<>();
    /** The last record naming each file handle with a directory and a name. */
    private final HashMap<HandleKey, Integer> named = new HashMap<>();
    /** The last record closing each file after writing, by file handle. */
    private final HashMap<HandleKey, Integer> lastWritten = new HashMap<>();
    /** The last exec record of each pid. */
    private final HashMap<Integer, Integer> lastExec = new HashMap<>();
    private List<RawRecord> batch = List.of();

    void scan(List<RawRecord> records) {
        lastGone.clear();
        named.clear();
        lastWritten.clear();
        lastExec.clear();
        batch = records;
        for (int i = 0; i < records.size(); i++) {
            RawRecord r = records.get(i);
            boolean dir = (r.mask() & Fanotify.FAN_ONDIR) != 0;
            if ((r.mask() & Fanotify.FAN_OPEN_EXEC) != 0 && !dir && !isElfInterpreter(r.name())) {
                lastExec.put(r.pid(), i);
            }
            if (r.self() != null && r.dir() != null && !dir) {
                named.put(r.self(), i);
            }
            if ((r.mask() & Fanotify.FAN_CLOSE_WRITE) != 0 && r.self() != null && !dir) {
                lastWritten.put(r.self(), i);
            }
            if ((r.mask() & (Fanotify.FAN_DELETE | Fanotify.FAN_MOVED_FROM)) != 0 && r.dir() != null) {
                gone(r.dir(), r.name(), i);
            }
            if ((r.mask() & Fanotify.FAN_RENAME) != 0 && r.oldDir() != null) {
                gone(r.oldDir(), r.oldName(), i);
            }
        }
    }

    private void gone(HandleKey dir, String name, int index) {
        lastGone.computeIfAbsent(dir, d -> new HashMap<>()).put(name, index);
    }

    void clear() {
        scan(List.of());
    }

    /** Whether {@code dir/name} is deleted or renamed away after record {@code index} (or at it, with {@code orAt}). */
    boolean goneLater(HandleKey dir, String name, int index, boolean orAt) {
        if (dir == null || lastGone.isEmpty()) {
            return false;
        }
        HashMap<String, Integer> names = lastGone.get(dir);
        Integer j = names == null ? null : names.get(name);
        return j != null && (orAt ? j >= index : j > index);
    }

    /** A record after {@code index} that names the file {@code self} with a directory and a name, or null. */
    RawRecord namingLater(HandleKey self, int index) {
        Integer j = named.get(self);
        return j != null && j > index ? batch.get(j) : null;
    }

    /** Whether the file {@code self} is closed after writing at record {@code index} or after it. */
    boolean writtenAtOrAfter(HandleKey self, int index) {
        Integer j = self == null || lastWritten.isEmpty() ? null : lastWritten.get(self);
        return j != null && j >= index;
    }

    /** Whether {@code pid} execs after record {@code index}. */
    boolean execsLater(int pid, int index) {
        if (lastExec.isEmpty()) {
            return false; // most batches: and no boxed pid to look up
        }
        Integer j = lastExec.get(pid);
        return j != null && j > index;
    }

    /**
     * The dynamic loader ({@code ld-linux-x86-64.so.2}) is opened for execution inside every exec
     * of a dynamic binary, and the kernel may merge that record into an earlier queued one: it marks
     * no exec of its own.
     */
    private static boolean isElfInterpreter(String name) {
        return name != null && (name.startsWith("ld-") && name.contains(".so") || name.startsWith("ld.so"));
    }
}
