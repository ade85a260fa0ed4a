package io.fsmon.log;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.EnumSet;
import java.util.Set;

/**
 * Who may read what fsmon writes: the history holds every user's command lines. History folders
 * are {@code 0750} and files {@code 0640}, in the daemon's reading group (root's group when none is
 * configured), set explicitly after creation, so neither the umask of whoever started the daemon
 * nor an earlier, looser run decides. Files of {@code monitor -o} are {@code 0640} in the creator's
 * group.
 */
public final class HistoryAccess {
    static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwxr-x---");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-r-----");

    private final String groupName;
    /** null: gid 0, root's group, whatever it is called. */
    private final GroupPrincipal group;

    private HistoryAccess(String groupName, GroupPrincipal group) {
        this.groupName = groupName;
        this.group = group;
    }

    /**
     * The access for a daemon whose reading group is {@code group} (null: root's group only).
     *
     * @throws IOException naming the group when it does not exist
     */
    public static HistoryAccess forGroup(String group) throws IOException {
        if (group == null) {
            return new HistoryAccess(null, null);
        }
        try {
            return new HistoryAccess(group,
                    FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByGroupName(group));
        } catch (UserPrincipalNotFoundException e) {
            throw new IOException("no such group '" + group + "'", e);
        }
    }

    /** The group's name for messages. */
    public String groupName() {
        return groupName != null ? groupName : "root's group";
    }

    /** Makes {@code dir} (created before) 0750 in the group. */
    void folder(Path dir) throws IOException {
        apply(dir, DIR);
    }

    /** Makes {@code file} (created before) 0640 in the group. */
    void file(Path file) throws IOException {
        apply(file, FILE);
    }

    /**
     * Tightens a folder or file of the history to its mode and group if it allows more (or another
     * group); true when it was changed.
     */
    boolean tighten(Path p, boolean folder) throws IOException {
        PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        Set<PosixFilePermission> allowed = folder ? DIR : FILE;
        boolean wider = !allowed.containsAll(a.permissions());
        boolean otherGroup = group != null ? !group.equals(a.group()) : gid(p) != 0;
        if (!wider && !otherGroup) {
            return false;
        }
        Set<PosixFilePermission> narrowed = EnumSet.noneOf(PosixFilePermission.class);
        narrowed.addAll(a.permissions());
        narrowed.retainAll(allowed);
        setGroup(p);
        Files.setPosixFilePermissions(p, narrowed);
        return true;
    }

    private void apply(Path p, Set<PosixFilePermission> mode) throws IOException {
        setGroup(p);
        Files.setPosixFilePermissions(p, mode); // after chown, which may clear set-id bits
    }

    private void setGroup(Path p) throws IOException {
        if (group != null) {
            Files.getFileAttributeView(p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setGroup(group);
        } else {
            Files.setAttribute(p, "unix:gid", 0, LinkOption.NOFOLLOW_LINKS);
        }
    }

    private static int gid(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Makes {@code file} of {@code monitor -o} 0640 if it was just {@code created} (whatever the
     * umask); narrows an existing regular file's mode to at most 0640 (keeping its group).
     *
     * @return the earlier mode (as {@code rw-r--r--}) when an existing file was narrowed, else null
     */
    public static String privateFile(Path file, boolean created) throws IOException {
        if (created) {
            Files.setPosixFilePermissions(file, FILE);
            return null;
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return null; // /dev/null, a FIFO, a symlink's target: not ours to change
        }
        Set<PosixFilePermission> now = Files.getPosixFilePermissions(file);
        if (FILE.containsAll(now)) {
            return null;
        }
        Set<PosixFilePermission> narrowed = EnumSet.noneOf(PosixFilePermission.class);
        narrowed.addAll(now);
        narrowed.retainAll(FILE);
        try {
            Files.setPosixFilePermissions(file, narrowed);
        } catch (IOException notOwner) {
            return null; // someone else's file that we may append to: its owner decides
        }
        return PosixFilePermissions.toString(now);
    }
}
