package io.fsmon.cli;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A hostile control-socket client, run as its own process (as uid 65534 through setpriv, so the
 * daemon sees a non-root peer through SO_PEERCRED). Needs nothing but the JDK, so only this class
 * is copied where that user can read it.
 *
 * <ul>
 *   <li>{@code hold SOCKET N}: opens N connections, sends nothing, prints {@code held N}, and keeps
 *       them until its stdin closes;</li>
 *   <li>{@code flood SOCKET BYTES}: sends BYTES bytes without a newline, then prints the first line
 *       the daemon answered (or {@code EOF}).</li>
 * </ul>
 */
public final class ControlPeer {
    private ControlPeer() {
    }

    public static void main(String[] args) throws Exception {
        Path socket = Path.of(args[1]);
        long n = Long.parseLong(args[2]);
        if (args[0].equals("hold")) {
            List<SocketChannel> held = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
                ch.connect(UnixDomainSocketAddress.of(socket));
                held.add(ch);
            }
            System.out.println("held " + held.size());
            System.out.flush();
            System.in.read(); // until the test closes our stdin
            return;
        }
        System.out.println(flood(socket, n));
    }

    /** Sends {@code bytes} bytes of 'x' without a newline; returns the daemon's first answer line, or "EOF". */
    static String flood(Path socket, long bytes) throws IOException, InterruptedException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            Thread writer = Thread.ofPlatform().daemon(true).start(() -> {
                byte[] chunk = new byte[1 << 16];
                Arrays.fill(chunk, (byte) 'x');
                try {
                    for (long left = bytes; left > 0; ) {
                        ByteBuffer b = ByteBuffer.wrap(chunk, 0, (int) Math.min(chunk.length, left));
                        left -= ch.write(b);
                    }
                } catch (IOException e) {
                    // the daemon closed the connection: what a bounded daemon does
                }
            });
            StringBuilder line = new StringBuilder();
            ByteBuffer b = ByteBuffer.allocate(1);
            try {
                while (ch.read(b.clear()) > 0 && b.get(0) != '\n') {
                    line.append((char) b.get(0));
                }
            } catch (IOException e) {
                if (line.isEmpty()) {
                    line.append("EOF (").append(e.getMessage()).append(')');
                }
            }
            writer.join(TimeUnit.SECONDS.toMillis(30));
            return line.isEmpty() ? "EOF" : line.toString();
        }
    }

    /** Copies this class where uid 65534 can read it; returns the class path. */
    static String jail(Path dir) throws Exception {
        Path classes = Path.of(ControlPeer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path rel = Path.of(ControlPeer.class.getName().replace('.', '/') + ".class");
        Path target = dir.resolve(rel);
        Files.createDirectories(target.getParent());
        Files.copy(classes.resolve(rel), target, StandardCopyOption.REPLACE_EXISTING);
        for (Path p = target; p.startsWith(dir); p = p.getParent()) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
        }
        return dir.toString();
    }

    /** The command that runs this class as uid/gid 65534 with no supplementary groups. */
    static List<String> asNobody(String classPath, String... args) {
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                ProcessHandle.current().info().command().orElseThrow(), "-XX:-UsePerfData", "-Xshare:auto",
                "-cp", classPath, ControlPeer.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }
}
