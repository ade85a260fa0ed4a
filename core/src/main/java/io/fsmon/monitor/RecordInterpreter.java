package io.fsmon.monitor;

import io.fsmon.event.Actor;
import io.fsmon.filter.EventFilter;
import io.fsmon.event.EventType;
import io.fsmon.event.FileEvent;
import io.fsmon.linux.Fanotify;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Turns one {@link RawRecord} into the events it stands for: one per event bit (the kernel merges
 * CREATE|MODIFY|CLOSE_WRITE of a lagging reader into one record), each with its full path, actor
 * and size, in scope and through the user's filter. Keeps the path cache true across directory
 * creations, renames and deletions. A read's records come through a {@link RecordPipeline}, which
 * passes each record's index in its batch (for the look-ahead) with it.
 *
 * <p>The kernel is reached only through edges: file handles ({@link HandleOpener}, inside the
 * {@link PathResolver}), {@code statx} ({@link SizeLookup}), the marks ({@link Marking}) and the
 * process table ({@link Attribution}); tests replace them and feed hand-built records without root.
 * Owned by the reader thread.
 */
final class RecordInterpreter {
    /** Event bits in the order their events are emitted when one record carries several. */
    private static final long[] BITS = {
            Fanotify.FAN_CREATE, Fanotify.FAN_OPEN, Fanotify.FAN_OPEN_EXEC, Fanotify.FAN_ACCESS,
            Fanotify.FAN_MODIFY, Fanotify.FAN_ATTRIB, Fanotify.FAN_CLOSE_WRITE, Fanotify.FAN_CLOSE_NOWRITE,
            Fanotify.FAN_MOVED_FROM, Fanotify.FAN_MOVED_TO, Fanotify.FAN_MOVE_SELF,
            Fanotify.FAN_DELETE, Fanotify.FAN_DELETE_SELF, Fanotify.FAN_FS_ERROR};
    private static final EventType[] TYPES = {
            EventType.CREATE, EventType.OPEN, EventType.OPEN_EXEC, EventType.ACCESS,
            EventType.MODIFY, EventType.ATTRIB, EventType.CLOSE_WRITE, EventType.CLOSE_NOWRITE,
            EventType.MOVED_FROM, EventType.MOVED_TO, EventType.MOVE_SELF,
            EventType.DELETE, EventType.DELETE_SELF, EventType.FS_ERROR};

    /** Where events go after scope and filter. */
    interface Output {
        void emit(FileEvent e);
    }

    private final PathResolver resolver;
    private final Marking marks;
    private final Scope scope;
    private final Set<EventType> types;
    private final EventFilter filter;
    private final Attribution actors;
    private final EventSizes sizes;
    private final int ownPid;
    private final RecordPaths paths;
    private final BatchActors batchActors;
    /** Without FAN_RENAME: the MOVED_FROM waiting for its MOVED_TO. */
    private String pendingMoveFrom;
    private int pendingMovePid;
    private long filtered;
    private final BatchLookahead ahead = new BatchLookahead();
    /** When the previous batch was read: events lost in an overflow were queued after it. */
    private Instant lastWholeRead;
    private final UnresolvedEvents unresolved;

    /**
     * @param resolver             directory paths by handle (reaching the kernel through its {@link HandleOpener})
     * @param statx                file sizes
     * @param ownPid               fsmon's own pid: its records are never events
     * @param learnsNewDirectories whether a new directory's own handle comes with its CREATE (FAN_REPORT_TARGET_FID)
     * @param diagnostics          where events dropped for want of a path that may have been watched are said
     */
    RecordInterpreter(PathResolver resolver, SizeLookup statx, Marking marks, Scope scope, Set<EventType> types,
                      EventFilter filter, Attribution actors, int ownPid, boolean learnsNewDirectories,
                      Consumer<String> diagnostics) {
        this.resolver = resolver;
        this.marks = marks;
        this.scope = scope;
        this.types = types;
        this.filter = filter;
        this.actors = actors;
        this.ownPid = ownPid;
        this.sizes = new EventSizes(resolver.directories(), statx);
        this.paths = new RecordPaths(resolver);
        this.batchActors = new BatchActors(actors);
        this.unresolved = new UnresolvedEvents(marks, resolver, learnsNewDirectories, diagnostics);
    }

    /** Looks ahead over the batch whose records are interpreted next ({@link BatchLookahead}). */
    void beginBatch(List<RawRecord> records) {
        ahead.scan(records);
    }

    /**
     * Whether record {@code index} of the batch names only a file's handle that neither the later
     * records nor the files seen before can name (and is not fsmon's own, a directory's, or an
     * overflow): its name may come with the next read ({@link RecordPipeline}).
     */
    boolean unnamed(RawRecord r, int index) {
        boolean nameless = r.dir() == null && r.oldDir() == null && r.newDir() == null && r.self() != null;
        return nameless && (r.mask() & (Fanotify.FAN_ONDIR | Fanotify.FAN_Q_OVERFLOW)) == 0 && r.pid() != ownPid
                && !paths.knows(r.self()) && ahead.namingLater(r.self(), index) == null;
    }

    /** Interprets record {@code index} of the batch begun last, read at {@code time}. */
    void interpret(RawRecord r, int index, Instant time, Output out) {
        if ((r.mask() & Fanotify.FAN_Q_OVERFLOW) != 0) {
            out.emit(FileEvent.overflow(time, lastWholeRead));
            return;
        }
        if (r.pid() == ownPid) {
            return; // fsmon's own writes (-o FILE) and reads must never become events
        }
        boolean isDir = (r.mask() & Fanotify.FAN_ONDIR) != 0;
        if ((r.mask() & Fanotify.FAN_RENAME) != 0) {
            rename(r, index, time, isDir, out);
            return;
        }
        // A record that names only its file: the later record of this batch that names it, if any.
        RawRecord naming = r.dir() == null && r.self() != null ? ahead.namingLater(r.self(), index) : null;
        sizeAt(r, naming, index);
        String path = paths.of(r, naming);
        if ((r.mask() & Fanotify.FAN_OPEN_EXEC) != 0 && !isDir) {
            // Before scope: the exec mark covers the root filesystem to learn what each pid runs.
            actors.execOpened(r.pid(), path);
            batchActors.execed(r.pid());
            if ((r.mask() & ~(Fanotify.FAN_OPEN_EXEC | Fanotify.FAN_ONDIR)) == 0 && !types.contains(EventType.OPEN_EXEC)) {
                return;
            }
        }
        if (!isDir && path != null && r.self() != null && r.dir() != null
                && ((r.mask() & Fanotify.FAN_DELETE) == 0 || !paths.isGone(r.self()))) {
            paths.remember(r.self(), r.dir(), r.name());
        }
        Actor actor = null;
        boolean appeared = false;
        for (int i = 0; i < BITS.length; i++) {
            if ((r.mask() & BITS[i]) == 0) {
                continue;
            }
            EventType type = TYPES[i];
            String oldPath = null;
            switch (type) {
                case CREATE -> appeared |= created(r, path, isDir);
                case DELETE_SELF -> {
                    if (r.dir() != null && isDir) {
                        resolver.forget(r.dir());
                    } else if (!isDir && r.self() != null) {
                        paths.gone(r.self());
                    }
                }
                case MOVED_FROM -> {
                    pendingMoveFrom = path;
                    pendingMovePid = r.pid();
                }
                case MOVED_TO -> {
                    oldPath = movedTo(r, path, isDir);
                    appeared |= isDir && path != null;
                }
                default -> {
                }
            }
            if (!types.contains(type)) {
                continue;
            }
            if (path == null) {
                // A filesystem error often names no file (an aborted journal): it concerns the
                // whole watched filesystem, so it is shown even without a path.
                if (!unresolved.counted(r) && type != EventType.FS_ERROR) {
                    unresolved.dropped(type, r.pid(), r.dir(), r.name());
                    continue;
                }
            } else if (!scope.contains(path) && (oldPath == null || !scope.contains(oldPath))) {
                filtered++;
                continue;
            }
            if (actor == null) {
                actor = actorOf(r.pid(), index);
            }
            deliver(time, type, path, oldPath, actor, isDir, out);
        }
        if (appeared) {
            directoryAppeared(path, time, out);
        }
    }

    /**
     * Tells the sizes where the record's file is. A record naming only its file (the ATTRIB of a
     * link-count change) is placed where its path comes from, the directory it was last seen in
     * or the later record naming it, so that its size is asked of that open directory by name
     * rather than by walking its whole path: one such ATTRIB comes with every file an unlink
     * removes, and the walks were the larger part of the reader's statx time over bench/run.sh's
     * burst.
     */
    private void sizeAt(RawRecord r, RawRecord naming, int index) {
        HandleKey dir = r.dir();
        String name = r.name();
        if (dir == null && r.self() != null) {
            RecordPaths.Located at = paths.placeOf(r.self());
            if (at != null) {
                dir = at.dirKey();
                name = at.name();
            } else if (naming != null) {
                dir = naming.dir();
                name = naming.name();
            }
        }
        sizes.at(dir, name, goneLater(r, index, naming), writtenLater(r, index));
    }

    /**
     * Without FAN_RENAME: pairs a MOVED_TO with the MOVED_FROM before it (the same process) and
     * returns the old path, or null; carries the path cache and the known size over.
     */
    private String movedTo(RawRecord r, String path, boolean isDir) {
        String oldPath = null;
        if (pendingMoveFrom != null && pendingMovePid == r.pid()) {
            oldPath = pendingMoveFrom;
            if (isDir && path != null) {
                resolver.renamed(null, oldPath, path);
            }
            if (path != null) {
                sizes.move(oldPath, path);
            }
        }
        pendingMoveFrom = null;
        return oldPath;
    }

    /** A CREATE: learns a new directory's handle; returns whether a directory appeared. */
    private boolean created(RawRecord r, String path, boolean isDir) {
        if (!isDir || path == null) {
            return false;
        }
        if (r.self() != null) {
            resolver.learn(r.self(), path); // FAN_REPORT_TARGET_FID: the new directory's own handle
        }
        return true;
    }

    /**
     * A directory appeared at {@code path} (created or moved in): the marks mark it, and what they
     * find inside is reported as created. After the directory's own events, so that its entries
     * never come before it; what is made inside meanwhile is found by that walk all the same.
     */
    private void directoryAppeared(String path, Instant time, Output out) {
        marks.directoryAppeared(path, (p, dir) -> synthesizeCreate(p, dir, time, out));
    }

    /**
     * Whether the record's file is deleted or renamed away later in the batch: by its own name, or,
     * for a record without one (the ATTRIB of an unlink, made after the name is gone), by the name
     * a later record gives its handle ({@code naming}). Its size now would be nothing, or a newer
     * file's.
     */
    private boolean goneLater(RawRecord r, int index, RawRecord naming) {
        if (r.dir() != null || r.self() == null) {
            return ahead.goneLater(r.dir(), r.name(), index, true);
        }
        return naming != null && ahead.goneLater(naming.dir(), naming.name(), index, true);
    }

    /**
     * Whether a CREATE record's file is closed after writing at this record or later in the batch,
     * and that CLOSE_WRITE is shown: its size then goes with the CLOSE_WRITE ({@link EventSizes#at}).
     */
    private boolean writtenLater(RawRecord r, int index) {
        return (r.mask() & Fanotify.FAN_CREATE) != 0 && types.contains(EventType.CLOSE_WRITE)
                && ahead.writtenAtOrAfter(r.self(), index);
    }

    /** A CREATE for an entry found inside a directory before its mark was placed; who made it is unknown. */
    private void synthesizeCreate(String path, boolean isDir, Instant time, Output out) {
        if (types.contains(EventType.CREATE) && scope.contains(path)) {
            sizes.atPath();
            deliver(time, EventType.CREATE, path, null, null, isDir, out);
        }
    }

    private void rename(RawRecord r, int index, Instant time, boolean isDir, Output out) {
        String from = paths.in(r.oldDir(), r.oldName());
        String to = paths.in(r.newDir(), r.newName());
        if (from != null && to != null) {
            if (isDir) {
                resolver.renamed(r.self(), from, to);
            } else {
                sizes.move(from, to);
                if (r.self() != null) {
                    paths.remember(r.self(), r.newDir(), r.newName());
                }
            }
        }
        Actor actor = null;
        if (types.contains(EventType.MOVED_FROM) && scope.contains(from)) {
            actor = actorOf(r.pid(), index);
            deliver(time, EventType.MOVED_FROM, from, null, actor, isDir, out);
        }
        if (types.contains(EventType.MOVED_TO) && (scope.contains(to) || (to == null && scope.contains(from)))) {
            if (to == null && !unresolved.counted(r)) {
                return;
            }
            actor = actor != null ? actor : actorOf(r.pid(), index);
            sizes.at(r.newDir(), r.newName(), ahead.goneLater(r.newDir(), r.newName(), index, false), false);
            deliver(time, EventType.MOVED_TO, to, from, actor, isDir, out);
        } else if (from == null) {
            unresolved.counted(r);
            unresolved.dropped(EventType.MOVED_FROM, r.pid(), r.oldDir(), r.oldName());
        }
        if (isDir && to != null) {
            directoryAppeared(to, time, out);
        }
    }

    /** Makes the event with its sizes (one object per event: this runs for every event), applies the user's filter and emits. */
    private void deliver(Instant time, EventType type, String path, String oldPath, Actor actor, boolean isDir,
                         Output out) {
        Long size = null;
        Long change = null;
        if (!isDir && path != null && sizes.measure(type, path)) {
            size = sizes.size();
            change = sizes.change();
        }
        FileEvent e = new FileEvent(time, type, path, oldPath, actor, size, change);
        if (filter != null && !filter.test(e) || !e.type().isMarker() && !actors.selects(e.actor())) {
            filtered++;
            return;
        }
        out.emit(e);
    }

    private Actor actorOf(int pid, int index) {
        return batchActors.of(pid, ahead.execsLater(pid, index));
    }

    /** Called after each batch so an overflow's span can start where the last complete read was. */
    void batchDone(Instant readAt) {
        ahead.clear();
        lastWholeRead = readAt;
        batchActors.batchDone();
        sizes.batchDone();
    }

    long filtered() {
        return filtered;
    }

    long unresolvedEvents() {
        return unresolved.count();
    }

    /** Files kept by handle for the records that name only their file (tests). */
    int rememberedFiles() {
        return paths.remembered();
    }
}
