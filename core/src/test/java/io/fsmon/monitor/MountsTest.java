package io.fsmon.monitor;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MountsTest {
    private static final String MOUNTINFO = """
            26 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw
            21 26 0:20 / /proc rw,relatime - proc proc rw
            23 26 0:6 / /dev rw,relatime - devtmpfs devtmpfs rw,size=12334416k
            40 26 0:40 / /srv/data\\040dir rw - tmpfs tmpfs rw
            41 26 254:0 /srv/bind /srv/same-fs rw - ext4 /dev/vda rw
            42 40 0:41 / /srv/data\\040dir/inner rw - xfs /dev/vdb rw
            bogus line
            """;

    @Test
    void parsesMountPointsWithEscapes() {
        List<Mounts.Mount> m = Mounts.parse(MOUNTINFO);
        assertThat(m).hasSize(6);
        assertThat(m.get(3)).isEqualTo(new Mounts.Mount("0:40", "/srv/data dir", "tmpfs"));
    }

    @Test
    void listsOtherFilesystemsInsideATreeButNotBindMountsOfItsOwn() {
        List<Mounts.Mount> m = Mounts.parse(MOUNTINFO);
        assertThat(Mounts.otherFilesystemsBelow(m, "/srv"))
                .containsExactly("/srv/data dir (tmpfs)", "/srv/data dir/inner (xfs)");
        assertThat(Mounts.otherFilesystemsBelow(m, "/srv/data dir")).containsExactly("/srv/data dir/inner (xfs)");
        assertThat(Mounts.otherFilesystemsBelow(m, "/")).contains("/proc (proc)", "/dev (devtmpfs)")
                .doesNotContain("/srv/same-fs (ext4)");
        assertThat(Mounts.otherFilesystemsBelow(m, "/etc")).isEmpty();
    }
}
