package io.fsmon.api;

import io.fsmon.event.EventType;
import io.fsmon.filter.Glob;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One watch of the daemon, as {@code fsmon add} gives it or the daemon's config file names it:
 * a path and the options of {@link FileWatcher.Builder}. Build one with {@link #builder(Path)};
 * {@link DaemonClient#add(WatchSpec)} starts it.
 *
 * @param path      the absolute path watched
 * @param recursive the whole tree under a directory, not only its direct children
 * @param types     the event types recorded
 * @param excludes  globs of paths left out
 * @param minSize   the smallest file size recorded, if any
 * @param pids      only events by these processes (empty: any)
 * @param command   only events by processes whose command matches this glob, if any
 * @param users     only events by these users, names or uids (empty: any)
 * @param marks     how marks are placed
 */
public record WatchSpec(Path path, boolean recursive, Set<EventType> types, List<String> excludes, OptionalLong minSize,
                        Set<Integer> pids, Optional<String> command, Set<String> users, FileWatcher.MarkMode marks) {

    /**
     * Checks the members and copies the collections.
     *
     * @throws IllegalArgumentException if the path is not absolute, no type is given, a glob is
     *                                  malformed or the size is negative
     */
    public WatchSpec {
        Objects.requireNonNull(path, "path");
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("a watch needs an absolute path: " + path);
        }
        if (types.isEmpty()) {
            throw new IllegalArgumentException("at least one event type");
        }
        types = Set.copyOf(types);
        excludes = List.copyOf(excludes);
        excludes.forEach(Glob::compile);
        command.ifPresent(Glob::compile);
        if (minSize.isPresent() && minSize.getAsLong() < 0) {
            throw new IllegalArgumentException("minimum size must not be negative: " + minSize.getAsLong());
        }
        pids = Set.copyOf(pids);
        users = Set.copyOf(users);
        Objects.requireNonNull(marks, "marks");
    }

    /**
     * A builder of a watch of {@code path} with the default options: direct children only, the
     * default event types ({@link EventType#DEFAULTS}), no filter, marks placed automatically.
     *
     * @param path the file or directory to watch (made absolute)
     * @return the builder
     */
    public static Builder builder(Path path) {
        return new Builder(path.toAbsolutePath().normalize());
    }

    /** Builds a {@link WatchSpec}; every option has the meaning it has in {@link FileWatcher.Builder}. */
    public static final class Builder {
        private final Path path;
        private boolean recursive;
        private Set<EventType> types = EventType.DEFAULTS;
        private final List<String> excludes = new ArrayList<>();
        private OptionalLong minSize = OptionalLong.empty();
        private final Set<Integer> pids = new LinkedHashSet<>();
        private Optional<String> command = Optional.empty();
        private final Set<String> users = new LinkedHashSet<>();
        private FileWatcher.MarkMode marks = FileWatcher.MarkMode.AUTO;

        private Builder(Path path) {
            this.path = path;
        }

        /**
         * Watches the whole tree under a directory, including directories made later.
         *
         * @param recursive true for the whole tree
         * @return this builder
         */
        public Builder recursive(boolean recursive) {
            this.recursive = recursive;
            return this;
        }

        /**
         * The event types to record (default {@link EventType#DEFAULTS}).
         *
         * @param types one or more types
         * @return this builder
         */
        public Builder types(EventType... types) {
            if (types.length == 0) {
                throw new IllegalArgumentException("at least one event type");
            }
            this.types = EnumSet.copyOf(Arrays.asList(types));
            return this;
        }

        /**
         * Leaves out paths matching a glob. Repeatable.
         *
         * @param glob the pattern
         * @return this builder
         * @throws IllegalArgumentException if the pattern is malformed
         */
        public Builder exclude(String glob) {
            Glob.compile(glob);
            excludes.add(glob);
            return this;
        }

        /**
         * Only files at least this large after the event.
         *
         * @param bytes the smallest size
         * @return this builder
         */
        public Builder minSize(long bytes) {
            this.minSize = OptionalLong.of(bytes);
            return this;
        }

        /**
         * Only events by this process. Repeatable: any of them.
         *
         * @param pid a process id
         * @return this builder
         */
        public Builder pid(int pid) {
            pids.add(pid);
            return this;
        }

        /**
         * Only events by processes whose command matches a glob.
         *
         * @param glob the pattern
         * @return this builder
         */
        public Builder command(String glob) {
            this.command = Optional.of(glob);
            return this;
        }

        /**
         * Only events by this user, a name or a uid. Repeatable: any of them.
         *
         * @param user the user
         * @return this builder
         */
        public Builder user(String user) {
            users.add(Objects.requireNonNull(user, "user"));
            return this;
        }

        /**
         * How marks are placed (default {@link FileWatcher.MarkMode#AUTO}).
         *
         * @param marks the mode
         * @return this builder
         */
        public Builder marks(FileWatcher.MarkMode marks) {
            this.marks = Objects.requireNonNull(marks, "marks");
            return this;
        }

        /**
         * The watch.
         *
         * @return the watch with these options
         * @throws IllegalArgumentException if an option is malformed
         */
        public WatchSpec build() {
            return new WatchSpec(path, recursive, types, excludes, minSize, pids, command, users, marks);
        }
    }
}
