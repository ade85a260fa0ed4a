package io.fsmon.monitor;

import io.fsmon.event.FileNames;
import io.fsmon.linux.Fanotify;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Decodes the bytes {@code read(2)} returned from a fanotify fd into {@link RawRecord}s. Pure Java
 * over a heap copy of the buffer, so it is tested on fabricated records. All fields are
 * little-endian (x86_64, aarch64) and the records are only 4-byte aligned.
 */
final class RecordDecoder {
    private RecordDecoder() {
    }

    /**
     * Decodes every complete record in {@code buf[0, len)}.
     *
     * @return the number of records
     * @throws IllegalStateException on a record the kernel could not have produced
     */
    static int decode(byte[] buf, int len, Consumer<RawRecord> out) {
        return decode(buf, len, new DirectoryHandles(), out);
    }

    /** {@link #decode(byte[], int, Consumer)}, reusing the directory handles {@code dirs} decoded before. */
    static int decode(byte[] buf, int len, DirectoryHandles dirs, Consumer<RawRecord> out) {
        int off = 0;
        int n = 0;
        while (off + Fanotify.META_SIZE <= len) {
            int eventLen = i32(buf, off + Fanotify.META_EVENT_LEN_OFFSET);
            int vers = buf[off + Fanotify.META_VERS_OFFSET] & 0xff;
            int metaLen = u16(buf, off + Fanotify.META_METADATA_LEN_OFFSET);
            if (vers != Fanotify.FANOTIFY_METADATA_VERSION) {
                throw new IllegalStateException("fanotify metadata version " + vers + ", expected "
                        + Fanotify.FANOTIFY_METADATA_VERSION);
            }
            if (metaLen < Fanotify.META_SIZE || eventLen < metaLen || eventLen > len - off) {
                throw new IllegalStateException("truncated fanotify record at " + off + ": event_len " + eventLen
                        + ", metadata_len " + metaLen);
            }
            long mask = i64(buf, off + Fanotify.META_MASK_OFFSET);
            int pid = i32(buf, off + Fanotify.META_PID_OFFSET);
            out.accept(decodeInfo(buf, off + metaLen, off + eventLen, mask, pid, dirs));
            n++;
            off += eventLen;
        }
        return n;
    }

    private static RawRecord decodeInfo(byte[] buf, int p, int end, long mask, int pid, DirectoryHandles dirs) {
        HandleKey self = null, dir = null, oldDir = null, newDir = null;
        String name = null, oldName = null, newName = null;
        while (p + Fanotify.INFO_HEADER_SIZE <= end) {
            int type = buf[p] & 0xff;
            int infoLen = u16(buf, p + 2);
            if (infoLen < Fanotify.INFO_HEADER_SIZE || p + infoLen > end) {
                throw new IllegalStateException("bad fanotify info record length " + infoLen);
            }
            switch (type) {
                case Fanotify.FAN_EVENT_INFO_TYPE_FID -> self = handle(buf, p, checkedHandle(buf, p, p + infoLen));
                case Fanotify.FAN_EVENT_INFO_TYPE_DFID -> dir = dirs.of(buf, p, checkedHandle(buf, p, p + infoLen));
                case Fanotify.FAN_EVENT_INFO_TYPE_DFID_NAME -> {
                    int h = checkedHandle(buf, p, p + infoLen);
                    dir = dirs.of(buf, p, h);
                    name = nameAfter(buf, h, p + infoLen);
                }
                case Fanotify.FAN_EVENT_INFO_TYPE_OLD_DFID_NAME -> {
                    int h = checkedHandle(buf, p, p + infoLen);
                    oldDir = dirs.of(buf, p, h);
                    oldName = nameAfter(buf, h, p + infoLen);
                }
                case Fanotify.FAN_EVENT_INFO_TYPE_NEW_DFID_NAME -> {
                    int h = checkedHandle(buf, p, p + infoLen);
                    newDir = dirs.of(buf, p, h);
                    newName = nameAfter(buf, h, p + infoLen);
                }
                default -> {
                    // PIDFD, ERROR and future types carry nothing we use.
                }
            }
            p += infoLen;
        }
        return new RawRecord(mask, pid, self, dir, name, oldDir, oldName, newDir, newName);
    }

    /**
     * Where the struct file_handle of the FID-style info record {@code buf[p, end)} ends, checked
     * to lie inside the record.
     */
    private static int checkedHandle(byte[] buf, int p, int end) {
        int h = p + Fanotify.INFO_FID_HANDLE_OFFSET;
        if (h + Fanotify.FILE_HANDLE_HEADER_SIZE > end) {
            throw new IllegalStateException("fanotify info record too short for a file handle: " + (end - p));
        }
        int handleBytes = i32(buf, h);
        if (handleBytes < 0 || handleBytes > end - h - Fanotify.FILE_HANDLE_HEADER_SIZE) {
            throw new IllegalStateException("fanotify file handle of " + handleBytes + " bytes in a "
                    + (end - p) + "-byte info record");
        }
        return h + Fanotify.FILE_HANDLE_HEADER_SIZE + handleBytes;
    }

    /** The fsid and the whole struct file_handle, ending at {@code end}, of a FID-style info record at {@code p}. */
    private static HandleKey handle(byte[] buf, int p, int end) {
        int h = p + Fanotify.INFO_FID_HANDLE_OFFSET;
        return new HandleKey(i64(buf, p + Fanotify.INFO_FID_FSID_OFFSET), Arrays.copyOfRange(buf, h, end));
    }

    /**
     * Directory handles decoded recently, reused when the same bytes come again: most records of a
     * batch name one of a few directories, and a new key per record was a tenth of the reader's
     * allocations (C1 allocates what C2 would not). Direct-mapped by hash; a miss just replaces
     * the slot. Files' own handles are not kept: each is usually seen once or twice.
     */
    static final class DirectoryHandles {
        private final HandleKey[] slots = new HandleKey[256];

        /** {@link #of(byte[], int, int)} for an info record that may reach the end of {@code buf}. */
        HandleKey of(byte[] buf, int p) {
            return of(buf, p, checkedHandle(buf, p, buf.length));
        }

        /**
         * The handle, ending at {@code end}, of the FID-style info record at {@code p}, the same
         * instance as last time when equal.
         */
        HandleKey of(byte[] buf, int p, int end) {
            long fsid = i64(buf, p + Fanotify.INFO_FID_FSID_OFFSET);
            int h = p + Fanotify.INFO_FID_HANDLE_OFFSET;
            int hash = HandleKey.hash(fsid, buf, h, end);
            int slot = (hash ^ hash >>> 16) & (slots.length - 1);
            HandleKey k = slots[slot];
            if (k != null && k.hashCode() == hash && k.fsid() == fsid
                    && Arrays.equals(k.handle(), 0, k.handle().length, buf, h, end)) {
                return k;
            }
            k = new HandleKey(fsid, Arrays.copyOfRange(buf, h, end));
            slots[slot] = k;
            return k;
        }
    }

    /** The NUL-terminated name from {@code s}, the end of the handle, to at most {@code end}. */
    private static String nameAfter(byte[] buf, int s, int end) {
        int e = s;
        while (e < end && buf[e] != 0) {
            e++;
        }
        return FileNames.fromBytes(buf, s, e - s);
    }

    static int u16(byte[] b, int o) {
        return (b[o] & 0xff) | (b[o + 1] & 0xff) << 8;
    }

    static int i32(byte[] b, int o) {
        return (b[o] & 0xff) | (b[o + 1] & 0xff) << 8 | (b[o + 2] & 0xff) << 16 | (b[o + 3] & 0xff) << 24;
    }

    static long i64(byte[] b, int o) {
        return (i32(b, o) & 0xffffffffL) | ((long) i32(b, o + 4)) << 32;
    }
}
