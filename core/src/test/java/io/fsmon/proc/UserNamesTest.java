package io.fsmon.proc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class UserNamesTest {

    @TempDir
    Path dir;

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Test
    void namesUidsFromPasswd() throws IOException {
        Path passwd = Files.writeString(dir.resolve("passwd"), """
                # comment
                root:x:0:0:root:/root:/bin/bash
                alice:x:1000:1000:Alice,,,:/home/alice:/bin/bash
                alias:x:1000:1000::/home/alias:/bin/sh
                broken line
                +nisuser::::::
                """);
        UserNames names = new UserNames(passwd, nanos::get);
        assertThat(names.nameOf(0)).isEqualTo("root");
        assertThat(names.nameOf(1000)).isEqualTo("alice"); // first line wins, as for getpwuid
        assertThat(names.nameOf(4242)).isNull();
    }

    @Test
    void aMissReReadsAtMostOncePerSecond() throws IOException {
        Path passwd = Files.writeString(dir.resolve("passwd"), "root:x:0:0::/root:/bin/sh\n");
        UserNames names = new UserNames(passwd, nanos::get);
        assertThat(names.nameOf(1001)).isNull();

        Files.writeString(passwd, "root:x:0:0::/root:/bin/sh\nbob:x:1001:1001::/home/bob:/bin/sh\n");
        nanos.addAndGet(500_000_000L);
        assertThat(names.nameOf(1001)).as("within the second: not re-read").isNull();
        nanos.addAndGet(500_000_000L);
        assertThat(names.nameOf(1001)).isEqualTo("bob");
    }

    @Test
    void aDeletedUserKeepsItsName() throws IOException {
        Path passwd = Files.writeString(dir.resolve("passwd"), "bob:x:1001:1001::/home/bob:/bin/sh\n");
        UserNames names = new UserNames(passwd, nanos::get);
        assertThat(names.nameOf(1001)).isEqualTo("bob");
        Files.writeString(passwd, "");
        nanos.addAndGet(2_000_000_000L);
        assertThat(names.nameOf(7)).isNull();
        assertThat(names.nameOf(1001)).isEqualTo("bob");
    }

    @Test
    void missingFileNamesNobody() {
        assertThat(new UserNames(dir.resolve("absent"), nanos::get).nameOf(0)).isNull();
    }
}
