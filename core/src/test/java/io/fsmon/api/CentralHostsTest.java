package io.fsmon.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Each line of a host's output says its host, however the output is cut into writes. */
class CentralHostsTest {
    private static String label(String text, OutputFormat format, boolean firstHost, int chunk) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        OutputStream out = CentralHosts.labelled(sink, "web-1", format, firstHost);
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i += chunk) {
            if (chunk == 1) {
                out.write(b[i]);
            } else {
                out.write(b, i, Math.min(chunk, b.length - i));
            }
        }
        out.flush();
        return sink.toString(StandardCharsets.UTF_8);
    }

    @Test
    void jsonGainsAHostField() throws IOException {
        String in = "{\"path\":\"/é\"}\n{\"a\":1}\nnot json\n\n";
        String want = "{\"path\":\"/é\",\"host\":\"web-1\"}\n{\"a\":1,\"host\":\"web-1\"}\nnot json\n\n";
        for (int chunk : new int[] {1, 3, 7, 1 << 16}) {
            assertThat(label(in, OutputFormat.JSON, true, chunk)).as("chunk %d", chunk).isEqualTo(want);
        }
    }

    @Test
    void csvHasOneHeaderAndAHostColumn() throws IOException {
        String in = "time,path\nt1,/a\nt2,\"/b,c\"\n";
        for (int chunk : new int[] {1, 5, 1 << 16}) {
            assertThat(label(in, OutputFormat.CSV, true, chunk)).isEqualTo("host,time,path\nweb-1,t1,/a\nweb-1,t2,\"/b,c\"\n");
            assertThat(label(in, OutputFormat.CSV, false, chunk)).isEqualTo("web-1,t1,/a\nweb-1,t2,\"/b,c\"\n");
        }
    }

    @Test
    void humanLinesStartWithTheHost() throws IOException {
        for (int chunk : new int[] {1, 2, 1 << 16}) {
            assertThat(label("[t] [CREATE] /a\n[t] [DELETE] /b\n", OutputFormat.HUMAN, false, chunk))
                    .isEqualTo("web-1  [t] [CREATE] /a\nweb-1  [t] [DELETE] /b\n");
        }
    }
}
