package io.fsmon.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fsmon.event.EventType;
import io.fsmon.event.FileEvent;
import io.fsmon.monitor.MonitorConfig;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Golden lines of the control protocol: the lines this build and the one before it send (the
 * wire did not change when the maps became records), each request and reply type through the
 * codec and back, and the refusals of malformed input.
 */
class ControlCodecTest {
    private static final WatchSpec SPEC = new WatchSpec("/srv/www", true, Set.of(EventType.DELETE, EventType.CREATE),
            List.of("*.tmp", "*.swp"), 1024L, Set.of(7, 3), "vim", Set.of("bob", "alice"), MonitorConfig.MarkMode.INODE);
    private static final String SPEC_LINE = "{\"path\":\"/srv/www\",\"recursive\":true,\"types\":[\"CREATE\",\"DELETE\"],"
            + "\"exclude\":[\"*.tmp\",\"*.swp\"],\"min_size\":1024,\"pids\":[3,7],\"cmd\":\"vim\",\"users\":[\"alice\",\"bob\"],"
            + "\"marks\":\"inode\"}";
    private static final TailFilter FILTER = new TailFilter(Set.of(EventType.MODIFY), List.of("*.o"), 10L, Set.of(2, 1),
            "make", Set.of("0"));
    /** What {@code fsmon status -f json} printed before the records (a real daemon's, two watches). */
    private static final String STATUS = "{\"running\":true,\"pid\":9485,\"version\":\"0.1.0-SNAPSHOT\",\"commit\":\"64a1e7d463cd\","
            + "\"started\":\"2026-12-03T16:48:10.123456789Z\",\"uptime_seconds\":3,\"healthy\":false,"
            + "\"problems\":[\"not watched: /b/missing (no such file or directory: /b/missing)\"],"
            + "\"watches\":[{\"path\":\"/b/missing\",\"options\":\"/b/missing\",\"source\":\"config\","
            + "\"spec\":{\"path\":\"/b/missing\",\"recursive\":false,\"types\":[\"ATTRIB\",\"CLOSE_WRITE\",\"CREATE\",\"DELETE\","
            + "\"DELETE_SELF\",\"MOVED_FROM\",\"MOVED_TO\",\"MOVE_SELF\"],\"exclude\":[],\"pids\":[],\"users\":[],\"marks\":\"auto\"},"
            + "\"error\":\"no such file or directory: /b/missing\",\"restarts\":0},"
            + "{\"path\":\"/b/w\",\"options\":\"/b/w -r -t CREATE,DELETE -e '*.tmp' --cmd 'to*'\",\"source\":\"added\","
            + "\"spec\":{\"path\":\"/b/w\",\"recursive\":true,\"types\":[\"CREATE\",\"DELETE\"],\"exclude\":[\"*.tmp\"],\"pids\":[],"
            + "\"cmd\":\"to*\",\"users\":[],\"marks\":\"auto\"},"
            + "\"marked\":[\"watching /b/w (recursive) through a filesystem mark on its ext4 filesystem\"],\"events\":1,"
            + "\"unwatched_directories\":0,\"restarts\":2}],"
            + "\"counters\":{\"events\":1,\"overflows\":0,\"unresolved\":0,\"dropped_to_subscribers\":0,\"history_dropped\":0,"
            + "\"history_recreated\":0,\"subscribers\":1,\"type.CREATE\":1,\"type.GAP\":2,\"monitor_restarts\":2,\"connections\":2,"
            + "\"connections_refused\":5},"
            + "\"history\":{\"dir\":\"/b/h\",\"current\":\"/b/h/events-2026-12-03-000.jsonl\",\"files\":1,\"bytes\":236,"
            + "\"first\":\"2026-12-03T16:48:12.500Z\",\"last\":\"2026-12-03T16:48:12.500Z\",\"dropped\":0,\"failing\":false},"
            + "\"rss_bytes\":75055104,\"socket\":\"/b/run/fsmon.sock\"}";

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"v":1,"op":"status"}               | status
            {"v":1,"op":"list"}                 | list
            {"v":1,"op":"stop"}                 | stop
            {"v":1,"op":"remove","path":"/etc"} | remove
            {"v":1,"op":"tail","filter":{"exclude":[],"pids":[],"users":[]}} | tail
            """)
    void theLinesTheCommandsSendDecodeToTheirRequestAndBack(String line, String op) throws Exception {
        Request r = ControlCodec.decodeRequest(line);
        assertThat(ControlCodec.op(r)).isEqualTo(op);
        assertThat(ControlCodec.encode(r)).isEqualTo(line);
    }

    @Test
    void anAddCarriesTheWholeWatchAndATailItsFilter() throws Exception {
        String add = "{\"v\":1,\"op\":\"add\",\"watch\":" + SPEC_LINE + "}";
        assertThat(ControlCodec.decodeRequest(add)).isEqualTo(new Request.Add(SPEC));
        assertThat(ControlCodec.encode(new Request.Add(SPEC))).isEqualTo(add);
        String tail = "{\"v\":1,\"op\":\"tail\",\"filter\":{\"types\":[\"MODIFY\"],\"exclude\":[\"*.o\"],\"min_size\":10,"
                + "\"pids\":[1,2],\"cmd\":\"make\",\"users\":[\"0\"]}}";
        assertThat(ControlCodec.decodeRequest(tail)).isEqualTo(new Request.Tail(FILTER));
        assertThat(ControlCodec.encode(new Request.Tail(FILTER))).isEqualTo(tail);
    }

    @Test
    void everyRequestTypeRoundTrips() throws Exception {
        for (Request r : List.of(new Request.Status(), new Request.ListWatches(), new Request.Add(SPEC),
                new Request.Add(WatchSpec.of("/", false)), new Request.Remove("/a b/\u00e9"), new Request.Tail(FILTER),
                new Request.Tail(TailFilter.ANY), new Request.Stop())) {
            assertThat(ControlCodec.decodeRequest(ControlCodec.encode(r))).as(r.toString()).isEqualTo(r);
        }
    }

    @Test
    void whatAnOlderOrNewerPeerMaySendIsRead() throws Exception {
        // Members this build does not know are skipped, wherever they are; a watch's types may be one
        // comma-separated string, an exclude a single pattern, a size as -m takes it.
        assertThat(ControlCodec.decodeRequest("{\"later\":{\"deep\":[[1],{\"x\":null}]},\"op\":\"status\",\"v\":1}"))
                .isEqualTo(new Request.Status());
        assertThat(ControlCodec.decodeRequest("{\"v\":1,\"op\":\"add\",\"watch\":{\"path\":\"/x\",\"types\":\"create,delete\","
                + "\"exclude\":\"*.tmp\",\"min_size\":\"1KB\",\"new\":true}}"))
                .isEqualTo(new Request.Add(new WatchSpec("/x", false, Set.of(EventType.CREATE, EventType.DELETE),
                        List.of("*.tmp"), 1024L, null, null, null, null)));
        assertThat(ControlCodec.decodeRequest("{\"v\":1,\"op\":\"tail\"}")).isEqualTo(new Request.Tail(TailFilter.ANY));
        // A null member is an absent one (the fuzzer's first finding: a null min_size was unboxed).
        assertThat(ControlCodec.decodeRequest("{\"v\":1,\"op\":\"tail\",\"filter\":{\"types\":null,\"exclude\":null,"
                + "\"min_size\":null,\"pids\":null,\"cmd\":null,\"users\":null}}")).isEqualTo(new Request.Tail(TailFilter.ANY));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            not json                                             | not a JSON request:
            []                                                   | not a JSON object: []
            {"v":1,"op":"status"} {"v":1}                        | not a JSON request: more after its end
            {"v":2,"op":"status"}                                | protocol version 2 is not spoken here (version 1 is)
            {"v":"1","op":"status"}                              | protocol version null is not spoken here
            {"op":"status"}                                      | protocol version null is not spoken here
            {"v":1,"op":"frobnicate"}                            | unknown operation 'frobnicate'
            {"v":1}                                              | unknown operation 'null'
            {"v":1,"op":"add"}                                   | bad request: 'add' needs a 'watch'
            {"v":1,"op":"add","watch":[]}                        | bad request: 'watch' must be an object
            {"v":1,"op":"add","watch":{"path":"rel"}}            | bad request: a watch needs an absolute path: rel
            {"v":1,"op":"add","watch":{"path":"/x","types":[null]}} | bad request: 'types' holds a null element
            {"v":1,"op":"add","watch":{"path":"/x","marks":"all"}}  | bad request: No enum constant
            {"v":1,"op":"add","watch":{"path":"/x","recursive":1}}  | bad request: 'recursive' must be true or false
            {"v":1,"op":"remove"}                                | bad request: 'remove' needs a 'path'
            {"v":1,"op":"remove","path":5}                       | bad request: 'path' must be a string
            {"v":1,"op":"tail","filter":{"pids":[null]}}         | bad request: 'pids' must be a list of pids
            {"v":1,"op":"tail","filter":{"pids":[4294967296]}}   | bad request: 'pids' must be a list of pids
            {"v":1,"op":"tail","filter":{"types":["NOPE"]}}      | bad request:
            {"v":1,"op":"tail","filter":{"min_size":-1}}         | bad request: minimum size must not be negative
            {"v":1,"op":"tail","filter":{"min_size":1e999}}      | bad request: 'min_size' must be a whole number
            {"v":1,"op":"tail","filter":{"min_size":99999999999999999999}} | bad request: 'min_size' is out of range
            """)
    void malformedRequestsAreRefusedWithASentenceNeverAnotherException(String line, String message) {
        assertThatThrownBy(() -> ControlCodec.decodeRequest(line)).isInstanceOf(MalformedMessageException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void jsonNestedDeeperThanThirtyTwoLevelsIsRefusedEvenWhereItWouldBeSkipped() throws Exception {
        String deep = "{\"v\":1,\"op\":\"status\",\"x\":" + "[".repeat(31) + "]".repeat(31) + "}";
        assertThat(ControlCodec.decodeRequest(deep)).isEqualTo(new Request.Status());
        String deeper = "{\"v\":1,\"op\":\"status\",\"x\":" + "[".repeat(32) + "]".repeat(32) + "}";
        assertThatThrownBy(() -> ControlCodec.decodeRequest(deeper)).isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("nesting depth");
    }

    @Test
    void aStatusLineDecodesToItsRecordAndEncodesToTheSameLine() throws Exception {
        StatusReport s = (StatusReport) ControlCodec.decodeReply(new Request.Status(), "{\"ok\":true," + STATUS.substring(1));
        assertThat(s.pid()).isEqualTo(9485);
        assertThat(s.healthy()).isFalse();
        assertThat(s.started()).isEqualTo(Instant.parse("2026-12-03T16:48:10.123456789Z"));
        assertThat(s.watches()).extracting(StatusReport.WatchStatus::fromConfig).containsExactly(true, false);
        assertThat(s.watches().getFirst().marked()).as("no monitor runs").isNull();
        assertThat(s.watches().get(1).spec()).isEqualTo(new WatchSpec("/b/w", true, Set.of(EventType.CREATE, EventType.DELETE),
                List.of("*.tmp"), null, null, "to*", null, null));
        assertThat(s.counters().byType()).isEqualTo(Map.of(EventType.CREATE, 1L, EventType.GAP, 2L));
        assertThat(s.counters().connectionsRefused()).isEqualTo(5);
        assertThat(s.history().first()).isEqualTo(Instant.parse("2026-12-03T16:48:12.500Z"));
        assertThat(s.rssBytes()).isEqualTo(75055104L);
        assertThat(ControlCodec.statusDocument(s)).isEqualTo(STATUS);
        assertThat(ControlCodec.encode(s)).isEqualTo("{\"ok\":true," + STATUS.substring(1));
    }

    @Test
    void anOlderDaemonsStatusWithoutHealthOrCommitIsTakenAtItsWord() throws Exception {
        String old = "{\"ok\":true,\"running\":true,\"pid\":1,\"version\":\"0.0.9\",\"uptime_seconds\":5,\"watches\":[],"
                + "\"counters\":{\"events\":0},\"history\":{\"dir\":\"/h\"}}";
        StatusReport s = (StatusReport) ControlCodec.decodeReply(new Request.Status(), old);
        assertThat(s.healthy()).isTrue();
        assertThat(s.commit()).isNull();
        assertThat(s.problems()).isEmpty();
    }

    @Test
    void everyReplyTypeRoundTripsAsTheAnswerToItsRequest() throws Exception {
        StatusReport status = (StatusReport) ControlCodec.decodeReply(new Request.Status(), "{\"ok\":true," + STATUS.substring(1));
        FileEvent event = FileEvent.gap(Instant.parse("2026-12-03T10:00:00Z"), Instant.parse("2026-12-03T09:59:00Z"),
                Instant.parse("2026-12-03T09:59:59Z"), 12);
        Map<Request, Reply> answers = Map.of(
                new Request.Status(), status,
                new Request.ListWatches(), new Reply.Watches(status.watches()),
                new Request.Add(SPEC), new Reply.Added(List.of("watching /srv/www (recursive) through a filesystem mark")),
                new Request.Remove("/etc"), new Reply.Removed("/etc is in the config file: it will be watched again after a restart"),
                new Request.Tail(FILTER), new Reply.Streaming(),
                new Request.Stop(), new Reply.Stopping(4242));
        for (var e : answers.entrySet()) {
            assertThat(ControlCodec.decodeReply(e.getKey(), ControlCodec.encode(e.getValue()))).isEqualTo(e.getValue());
            Reply.Failure refused = new Reply.Failure(DaemonException.Reason.DENIED, "'add' needs root (you are nobody)");
            assertThat(ControlCodec.decodeReply(e.getKey(), ControlCodec.encode(refused))).isEqualTo(refused);
        }
        assertThat(ControlCodec.decodeReply(new Request.Remove("/x"), "{\"ok\":true}")).isEqualTo(new Reply.Removed(null));
        assertThat(ControlCodec.decodeEvent(ControlCodec.encode(new Reply.Event(event)))).isEqualTo(new Reply.Event(event));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"ok":false,"code":"denied","error":"the daemon answers only root (you are nobody)"} | DENIED    | the daemon answers only root (you are nobody)
            {"ok":false,"code":"busy","error":"try again later"}                               | BUSY      | try again later
            {"ok":false,"code":"too_large","error":"a request is one line of at most 8192 bytes"} | TOO_LARGE | a request is one line of at most 8192 bytes
            {"ok":false,"code":"usage","error":"unknown operation 'x'"}                        | USAGE     | unknown operation 'x'
            {"ok":false,"code":"path_not_found","error":"not watched: /x"}                     | PATH_NOT_FOUND | not watched: /x
            {"ok":false,"code":"a_later_code","error":"new"}                                   | FAILURE   | new
            {"code":"denied"}                                                                  | DENIED    | the daemon refused without saying why
            """)
    void refusalsOnTheWireBecomeTypedFailures(String line, DaemonException.Reason reason, String message) throws Exception {
        assertThat(ControlCodec.decodeReply(new Request.Status(), line)).isEqualTo(new Reply.Failure(reason, message));
    }

    @Test
    void anAnswerThatIsNotOneIsMalformed() {
        assertThatThrownBy(() -> ControlCodec.decodeReply(new Request.Stop(), "{\"ok\":true}"))
                .isInstanceOf(MalformedMessageException.class).hasMessage("bad answer: no 'pid' in the answer to 'stop'");
        assertThatThrownBy(() -> ControlCodec.decodeReply(new Request.Status(), "{\"ok\":true,\"pid\":1}"))
                .isInstanceOf(MalformedMessageException.class).hasMessage("bad answer: a status without 'counters'");
        assertThatThrownBy(() -> ControlCodec.decodeReply(new Request.Status(), "{\"ok\":\"yes\"}"))
                .isInstanceOf(MalformedMessageException.class).hasMessage("bad answer: 'ok' must be true or false");
        assertThatThrownBy(() -> ControlCodec.decodeEvent("{\"event_type\":\"CREATE\"}"))
                .isInstanceOf(MalformedMessageException.class);
    }

    @Test
    void theWatchListFileKeepsItsShape() throws Exception {
        String file = "{\"v\":1,\"watches\":[" + SPEC_LINE + ",{\"path\":\"/etc\",\"recursive\":false,\"types\":[\"CREATE\"],"
                + "\"exclude\":[],\"pids\":[],\"users\":[],\"marks\":\"auto\"}]}";
        List<WatchSpec> watches = List.of(SPEC, new WatchSpec("/etc", false, Set.of(EventType.CREATE), null, null, null,
                null, null, null));
        assertThat(ControlCodec.encodeWatchList(watches)).isEqualTo(file);
        assertThat(ControlCodec.decodeWatchList(file + "\n")).isEqualTo(watches);
        assertThat(ControlCodec.decodeWatchList("{\"v\":1}")).isEmpty();
    }
}
