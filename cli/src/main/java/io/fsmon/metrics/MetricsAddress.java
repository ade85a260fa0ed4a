package io.fsmon.metrics;

/**
 * Where the daemon serves its metrics: {@code HOST:PORT}, {@code [IPV6]:PORT}, or a port alone
 * ({@code 9464} or {@code :9464}), which means loopback: metrics name watched paths and are not
 * published beyond the machine unless a host is given ({@code 0.0.0.0:9464}).
 *
 * @param host a host name or address literal (brackets removed)
 */
public record MetricsAddress(String host, int port) {
    public static final String LOOPBACK = "127.0.0.1";

    /**
     * Parses the config key's or the option's text.
     *
     * @throws IllegalArgumentException naming the expected form
     */
    public static MetricsAddress parse(String text) {
        String t = text == null ? "" : text.strip();
        int colon = t.lastIndexOf(':');
        String host = colon < 0 ? "" : t.substring(0, colon);
        String port = t.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw bad(text); // an IPv6 address needs its brackets before the port
        }
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw bad(text);
        }
        int p = Integer.parseInt(port);
        if (p < 1 || p > 65535) {
            throw new IllegalArgumentException("metrics: port " + p + " is not between 1 and 65535");
        }
        return new MetricsAddress(host.isEmpty() ? LOOPBACK : host, p);
    }

    private static IllegalArgumentException bad(String text) {
        return new IllegalArgumentException("metrics: expected [HOST:]PORT such as 127.0.0.1:9464 or [::1]:9464, not '"
                + text + "'");
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
