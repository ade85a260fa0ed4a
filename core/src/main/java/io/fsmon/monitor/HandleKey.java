package io.fsmon.monitor;

import java.util.Arrays;

/**
 * A kernel file identifier: the filesystem id plus a {@code struct file_handle} (8-byte header and
 * the opaque handle), exactly as fanotify reports it and {@code name_to_handle_at} returns it, so
 * the two can be compared byte for byte.
 */
final class HandleKey {
    private final long fsid;
    private final byte[] handle;
    private final int hash;

    HandleKey(long fsid, byte[] handle) {
        this.fsid = fsid;
        this.handle = handle;
        this.hash = hash(fsid, handle, 0, handle.length);
    }

    /** The hash of a key with {@code b[from, to)} as its handle, without making the key. */
    static int hash(long fsid, byte[] b, int from, int to) {
        int h = 1; // as Arrays.hashCode
        for (int i = from; i < to; i++) {
            h = 31 * h + b[i];
        }
        return 31 * Long.hashCode(fsid) + h;
    }

    long fsid() {
        return fsid;
    }

    /** The whole {@code struct file_handle}; do not modify. */
    byte[] handle() {
        return handle;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HandleKey k && k.hash == hash && k.fsid == fsid && Arrays.equals(k.handle, handle);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return "HandleKey[fsid=" + Long.toHexString(fsid) + ", " + handle.length + " bytes]";
    }
}
