package io.fsmon.linux;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Captures real kernel bytes as seeds for the fuzz targets (docs/FUZZING.md): what {@code read(2)}
 * returns from a fanotify group set up as the monitor sets it up, and proc-connector and taskstats
 * datagrams as {@code recv} returns them. Not a test: run as root with the test classpath,
 * {@code java --enable-native-access=ALL-UNNAMED -cp ... io.fsmon.linux.SeedCapture OUT_DIR}.
 */
public final class SeedCapture {
    private SeedCapture() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Files.createDirectories(out);
        fanotify(out);
        netlink(out);
    }

    private static void fanotify(Path out) throws Exception {
        int fan = Fanotify.init(Fanotify.FAN_CLASS_NOTIF | Fanotify.FAN_CLOEXEC | Fanotify.FAN_NONBLOCK
                | Fanotify.FAN_REPORT_DFID_NAME | Fanotify.FAN_REPORT_FID | Fanotify.FAN_REPORT_TARGET_FID,
                Fanotify.O_RDONLY | Fanotify.O_CLOEXEC | Fanotify.O_LARGEFILE);
        Path dir = Files.createTempDirectory("fsmon-seed");
        try (Arena arena = Arena.ofConfined()) {
            Fanotify.mark(fan, Fanotify.FAN_MARK_ADD, Fanotify.FAN_CREATE | Fanotify.FAN_DELETE | Fanotify.FAN_MODIFY
                    | Fanotify.FAN_CLOSE_WRITE | Fanotify.FAN_ATTRIB | Fanotify.FAN_RENAME | Fanotify.FAN_MOVE
                    | Fanotify.FAN_DELETE_SELF | Fanotify.FAN_EVENT_ON_CHILD | Fanotify.FAN_ONDIR,
                    Fanotify.AT_FDCWD, dir.toString());
            Path f = dir.resolve("hello.txt");
            Files.writeString(f, "hi");
            Files.createDirectory(dir.resolve("sub"));
            Files.move(f, dir.resolve("sub").resolve("h\u00e9llo \"x\".txt"));
            Files.setLastModifiedTime(dir.resolve("sub"), java.nio.file.attribute.FileTime.fromMillis(0));
            Files.delete(dir.resolve("sub").resolve("h\u00e9llo \"x\".txt"));
            Files.delete(dir.resolve("sub"));
            MemorySegment buf = arena.allocate(65536, 8);
            long n = Unistd.read(fan, buf, buf.byteSize());
            byte[] all = buf.asSlice(0, Math.max(n, 0)).toArray(ValueLayout.JAVA_BYTE);
            write(out, "fanotify-batch", all);
            // and each record on its own
            int off = 0;
            for (int i = 0; off + Fanotify.META_SIZE <= all.length; i++) {
                int len = (all[off] & 0xff) | (all[off + 1] & 0xff) << 8 | (all[off + 2] & 0xff) << 16;
                write(out, "fanotify-record-" + i, Arrays.copyOfRange(all, off, off + len));
                off += len;
            }
        } finally {
            Unistd.close(fan);
            Files.deleteIfExists(dir);
        }
    }

    private static void netlink(Path out) throws Exception {
        String cpus = Files.readString(Path.of("/sys/devices/system/cpu/possible")).strip();
        try (Netlink proc = Netlink.openProcConnector(1 << 20);
             Taskstats exits = Taskstats.openExitListener(cpus, 1 << 20)) {
            Process p = new ProcessBuilder("sh", "-c", "printf x | cat >/dev/null; exit 3").start();
            p.waitFor();
            System.out.println("taskstats family " + exits.family());
            byte[] dst = new byte[Netlink.BUFFER_SIZE];
            long deadline = System.nanoTime() + 2_000_000_000L;
            int procs = 0, tasks = 0;
            while (System.nanoTime() < deadline && (procs < 12 || tasks < 3)) {
                int n = proc.receive(dst);
                if (n > 0 && procs < 12) {
                    write(out, "proc-" + procs++, Arrays.copyOf(dst, n));
                }
                int m = exits.receive(dst);
                if (m > 0 && tasks < 3) {
                    write(out, "taskstats-" + tasks++, Arrays.copyOf(dst, m));
                }
                if (n <= 0 && m <= 0) {
                    Poll.poll(new int[] {proc.fd(), exits.fd()}, Poll.POLLIN, 100);
                }
            }
        }
    }

    private static void write(Path out, String name, byte[] b) throws IOException {
        Files.write(out.resolve(name), b);
        System.out.println(name + " " + b.length + " bytes");
    }
}
