package io.fsmon.monitor;

import io.fsmon.event.FileNames;
import io.fsmon.linux.Fanotify;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Builds by hand what {@code read(2)} returns from a fanotify group in FID mode: records of a
 * {@code struct fanotify_event_metadata} followed by info records (header, fsid, {@code struct
 * file_handle}, and for the *_NAME kinds a NUL-terminated name, padded to 4 bytes as the kernel
 * pads them), little-endian, on the heap. No native call.
 */
final class RecordBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private ByteBuffer record;

    /** Starts a record with event bits {@code mask} by process {@code pid}. */
    RecordBytes record(long mask, int pid) {
        end();
        record = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        record.putInt(0); // event_len, set by end()
        record.put((byte) Fanotify.FANOTIFY_METADATA_VERSION);
        record.put((byte) 0);
        record.putShort((short) Fanotify.META_SIZE);
        record.putLong(mask);
        record.putInt(Fanotify.FAN_NOFD);
        record.putInt(pid);
        return this;
    }

    /** FAN_EVENT_INFO_TYPE_FID: the object's own handle. */
    RecordBytes fid(HandleKey self) {
        return info(Fanotify.FAN_EVENT_INFO_TYPE_FID, self, null);
    }

    /** FAN_EVENT_INFO_TYPE_DFID: the directory's handle, no name. */
    RecordBytes dfid(HandleKey dir) {
        return info(Fanotify.FAN_EVENT_INFO_TYPE_DFID, dir, null);
    }

    /** FAN_EVENT_INFO_TYPE_DFID_NAME: the directory's handle and the entry's name (in fsmon's text form). */
    RecordBytes dfidName(HandleKey dir, String name) {
        return info(Fanotify.FAN_EVENT_INFO_TYPE_DFID_NAME, dir, name);
    }

    /** FAN_EVENT_INFO_TYPE_OLD_DFID_NAME: where a renamed entry was. */
    RecordBytes oldDfidName(HandleKey dir, String name) {
        return info(Fanotify.FAN_EVENT_INFO_TYPE_OLD_DFID_NAME, dir, name);
    }

    /** FAN_EVENT_INFO_TYPE_NEW_DFID_NAME: where a renamed entry went. */
    RecordBytes newDfidName(HandleKey dir, String name) {
        return info(Fanotify.FAN_EVENT_INFO_TYPE_NEW_DFID_NAME, dir, name);
    }

    /** FAN_EVENT_INFO_TYPE_PIDFD: {@code struct fanotify_event_info_pidfd} (header, s32 pidfd). */
    RecordBytes pidfd(int fd) {
        record.put((byte) Fanotify.FAN_EVENT_INFO_TYPE_PIDFD).put((byte) 0).putShort((short) 8).putInt(fd);
        return this;
    }

    /** FAN_EVENT_INFO_TYPE_ERROR: {@code struct fanotify_event_info_error} (header, s32 error, u32 count). */
    RecordBytes error(int errno, int count) {
        record.put((byte) Fanotify.FAN_EVENT_INFO_TYPE_ERROR).put((byte) 0).putShort((short) 12)
                .putInt(errno).putInt(count);
        return this;
    }

    private RecordBytes info(int type, HandleKey key, String name) {
        int start = record.position();
        record.put((byte) type).put((byte) 0).putShort((short) 0); // len, set below
        record.putLong(key.fsid());
        record.put(key.handle());
        if (name != null) {
            record.put(FileNames.toBytes(name)).put((byte) 0);
        }
        while ((record.position() - start) % 4 != 0) {
            record.put((byte) 0);
        }
        record.putShort(start + 2, (short) (record.position() - start));
        return this;
    }

    private void end() {
        if (record != null) {
            record.putInt(0, record.position());
            out.write(record.array(), 0, record.position());
            record = null;
        }
    }

    /** The records so far, as one read buffer. */
    byte[] bytes() {
        end();
        return out.toByteArray();
    }

    /** A {@code struct file_handle} of {@code id} (8 opaque bytes, handle type 1) on filesystem {@code fsid}. */
    static HandleKey handle(long fsid, long id) {
        ByteBuffer b = ByteBuffer.allocate(Fanotify.FILE_HANDLE_HEADER_SIZE + 8).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(8).putInt(1).putLong(id);
        return new HandleKey(fsid, b.array());
    }
}
