package io.fsmon.daemon;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * Who is on the other end of a control connection, from the kernel ({@code SO_PEERCRED}, read
 * once per connection), and what they may do: root everything; members of the configured group
 * (primary group, or listed in {@code /etc/group}) may read (status, list, tail); others nothing.
 */
record Peer(String user, String group) {

    static Peer of(SocketChannel channel) throws IOException {
        UnixDomainPrincipal p = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
        return new Peer(p.user().getName(), p.group().getName());
    }

    boolean root() {
        return user.equals("root") || user.equals("0");
    }

    /** Whether this peer may read, given the configured group (null: root only). */
    boolean mayRead(String allowedGroup, Path etcGroup) {
        if (root()) {
            return true;
        }
        if (allowedGroup == null) {
            return false;
        }
        if (allowedGroup.equals(group)) {
            return true;
        }
        try {
            for (String line : Files.readAllLines(etcGroup)) {
                String[] f = line.split(":", -1);
                if (f.length >= 4 && f[0].equals(allowedGroup) && List.of(f[3].split(",")).contains(user)) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }
}
