package io.fsmon.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.fsmon.event.Actor;
import io.fsmon.event.EventType;
import io.fsmon.event.FileEvent;
import org.junit.jupiter.api.Test;

class CsvFormatTest {
    private final CsvFormat csv = new CsvFormat();

    @Test
    void headerHasTheJsonKeysInOrder() {
        assertThat(csv.header()).isEqualTo("time,event_type,path,old_path,pid,tid,ppid,comm,cmd,exe,uid,user,"
                + "login_uid,login_user,file_size,size_change,container,chain,since,until,dropped");
    }

    @Test
    void goldenLines() {
        assertThat(csv.format(Events.CREATE)).isEqualTo("2026-11-25T10:20:14.123456789Z,CREATE,/tmp/x/a.txt,,123,124,1,"
                + "touch,touch /tmp/x/a.txt,/usr/bin/touch,0,root,1000,alice,12,12,/user.slice/user-1000.slice/session-3.scope,,,,");
        assertThat(csv.format(Events.MOVED_TO)).isEqualTo("2026-11-25T10:20:14.500000000Z,MOVED_TO,/home/alice/doc.txt,"
                + "/home/alice/.doc.txt.swp,4242,,,vim,vim doc.txt,,1000,alice,,,2048,,,,,,");
        assertThat(csv.format(Events.OVERFLOW)).isEqualTo("2026-11-25T10:20:15.000000000Z,OVERFLOW,,,,,,,,,,,,,,,,,,,");
    }

    @Test
    void quotesCommasQuotesAndLineBreaks() {
        FileEvent e = new FileEvent(Events.T, EventType.DELETE, "/tmp/a,b \"c\"\nd\re", null,
                new Actor(9, null, null, "rm", "rm -f \"a,b\"", null, null, null, null, null, null), null, -3L);
        assertThat(csv.format(e)).isEqualTo("2026-11-25T10:20:14.123456789Z,DELETE,\"/tmp/a,b \"\"c\"\"\nd\re\",,9,,,"
                + "rm,\"rm -f \"\"a,b\"\"\",,,,,,,-3,,,,,");
    }

    @Test
    void everyLineHasOneFieldPerColumn() {
        int columns = csv.header().split(",", -1).length;
        assertThat(csv.format(Events.OVERFLOW).split(",", -1)).hasSize(columns);
        assertThat(csv.format(Events.MOVED_TO).split(",", -1)).hasSize(columns);
    }

    /** Issue #16 case 5: a cell a spreadsheet would run as a formula gets a leading quote, the OWASP way. */
    @Test
    void formulaCellsAreNeutralisedNumbersStayNumbers() {
        Actor a = new Actor(9, null, null, "=1+1", "=HYPERLINK(\"http://x\",\"y\")", "@SUM(A1)", 1000, "+user",
                null, "-login", null);
        FileEvent e = new FileEvent(Events.T, EventType.CLOSE_WRITE, "\tpath", "\rold", a, 0L, -12L);
        String[] cells = csv.format(e).split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1);
        assertThat(cells).hasSize(csv.header().split(",").length);
        assertThat(csv.format(e)).isEqualTo("2026-11-25T10:20:14.123456789Z,CLOSE_WRITE,\"'\tpath\",\"'\rold\",9,,,"
                + "\"'=1+1\",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",\"'@SUM(A1)\",1000,\"'+user\",,\"'-login\","
                + "0,-12,,,,,");
    }
}
