package io.fsmon.daemon;

import io.fsmon.linux.NativeException;
import io.fsmon.linux.UnixDatagram;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Consumer;

/**
 * systemd's {@code sd_notify} protocol without libsystemd: one datagram per state change to the
 * Unix socket named in {@code $NOTIFY_SOCKET} ({@code READY=1}, {@code WATCHDOG=1},
 * {@code STOPPING=1}). Inert when the variable is unset (not started by systemd with
 * {@code Type=notify}).
 */
final class SystemdNotify {
    private final String socket;
    private final long watchdogMicros;
    private final Consumer<String> log;
    private boolean warned;

    SystemdNotify(Map<String, String> env, Consumer<String> log) {
        String s = env.get("NOTIFY_SOCKET");
        this.socket = s == null || s.isBlank() ? null : s;
        long w = 0;
        try {
            w = Long.parseLong(env.getOrDefault("WATCHDOG_USEC", "0"));
        } catch (NumberFormatException ignored) {
            // no watchdog
        }
        this.watchdogMicros = w;
        this.log = log;
    }

    boolean watchdog() {
        return socket != null && watchdogMicros > 0;
    }

    void send(String state) {
        if (socket == null) {
            return;
        }
        try {
            UnixDatagram.send(socket, state.getBytes(StandardCharsets.UTF_8));
        } catch (NativeException e) {
            if (!warned) {
                warned = true;
                log.accept("cannot notify systemd at " + socket + ": " + e.getMessage());
            }
        }
    }
}
