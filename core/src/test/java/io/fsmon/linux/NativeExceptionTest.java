package io.fsmon.linux;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NativeExceptionTest {

    @Test
    void messageNamesFunctionPathAndErrno() {
        NativeException e = new NativeException("fanotify_mark", "/x", NativeException.ENODEV);
        assertThat(e).hasMessage("fanotify_mark(/x): No such device (ENODEV)");
        assertThat(e.errno()).isEqualTo(19);
        assertThat(e.function()).isEqualTo("fanotify_mark");
        assertThat(e.path()).isEqualTo("/x");
    }

    @Test
    void messageWithoutPath() {
        NativeException e = new NativeException("fanotify_init", null, NativeException.EPERM);
        assertThat(e).hasMessage("fanotify_init: Operation not permitted (EPERM)");
        assertThat(e.path()).isNull();
    }

    @Test
    void errnoNames() {
        assertThat(NativeException.errnoName(2)).isEqualTo("ENOENT");
        assertThat(NativeException.errnoName(18)).isEqualTo("EXDEV");
        assertThat(NativeException.errnoName(95)).isEqualTo("EOPNOTSUPP");
        assertThat(NativeException.errnoName(116)).isEqualTo("ESTALE");
        assertThat(NativeException.errnoName(75)).isEqualTo("EOVERFLOW");
        assertThat(NativeException.errnoName(4242)).isEqualTo("errno 4242");
    }
}
