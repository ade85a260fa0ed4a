// Writes a realistic fsmon history with the real JsonLines writer:
//   java -cp cli/target/fsmon.jar bench/query/Generate.java DIR [SIZE_MB] [DAYS] [HOSTS]
// With HOSTS > 0, a central history as fsmon collect writes it: DIR/web-1 ... DIR/web-HOSTS, each
// event on one host (in turn), its line ending with the shipper's host and id; SIZE_MB in all.
// A week by default (~1 GiB): many paths and processes, the 8 default event types weighted like a
// busy server, 10% of events with an ancestry chain, the writer's skew (some lines up to 4 s
// late), a few OVERFLOW markers, files rotated at 64 MiB like the daemon's. Deterministic (seed 42).
import io.fsmon.event.Actor;
import io.fsmon.event.EventType;
import io.fsmon.event.FileEvent;
import io.fsmon.log.HistoryLayout;
import io.fsmon.log.JsonLines;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.SplittableRandom;

void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long target = (args.length > 1 ? Long.parseLong(args[1]) : 1024) << 20;
    int days = args.length > 2 ? Integer.parseInt(args[2]) : 7;
    long rotate = 64L << 20;
    int hosts = args.length > 3 ? Integer.parseInt(args[3]) : 0;
    Files.createDirectories(dir);
    if (hosts > 0) {
        central(dir, target, days, hosts);
        return;
    }
    HistoryLayout layout = new HistoryLayout(dir);
    SplittableRandom rnd = new SplittableRandom(42);
    String[] roots = {"/var/log/nginx", "/var/www/html/shop", "/home/alice/project/src/main/java/com/acme",
            "/home/bob/.cache/pip", "/etc", "/etc/nginx/conf.d", "/srv/data/uploads/2026", "/tmp/build-cache",
            "/var/lib/postgresql/16/main/base/16384", "/opt/app/releases/current/lib"};
    String[] exts = {".log", ".java", ".html", ".conf", ".json", ".tmp", "", ".gz", ".py", ".jar"};
    String[] paths = new String[20_000];
    for (int i = 0; i < paths.length; i++) {
        String r = roots[rnd.nextInt(roots.length)];
        paths[i] = r + "/" + (rnd.nextBoolean() ? "dir" + rnd.nextInt(40) + "/" : "") + "file-" + i + exts[rnd.nextInt(exts.length)];
    }
    paths[7] = "/etc/resolv.conf";
    String[][] progs = {{"nginx", "www-data", "33"}, {"java", "app", "998"}, {"postgres", "postgres", "114"},
            {"vim", "alice", "1000"}, {"python3", "bob", "1001"}, {"rsync", "root", "0"}, {"logrotate", "root", "0"},
            {"cp", "alice", "1000"}, {"rm", "root", "0"}, {"mv", "bob", "1001"}, {"touch", "alice", "1000"},
            {"NetworkManager", "root", "0"}, {"gzip", "root", "0"}, {"git", "alice", "1000"}, {"make", "bob", "1001"}};
    EventType[] types = {EventType.CLOSE_WRITE, EventType.CLOSE_WRITE, EventType.CLOSE_WRITE, EventType.CLOSE_WRITE,
            EventType.CREATE, EventType.CREATE, EventType.ATTRIB, EventType.DELETE, EventType.MOVED_FROM,
            EventType.MOVED_TO, EventType.DELETE_SELF, EventType.MOVE_SELF};
    // the average line is ~380 bytes: spread the events evenly over the days
    long events = target / 380;
    Instant start = LocalDate.parse("2026-05-01").atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
    long spanNanos = days * 86_400L * 1_000_000_000L;
    JsonLines json = new JsonLines();
    long written = 0, inFile = 0;
    LocalDate day = null;
    int seq = 0;
    OutputStream out = null;
    for (long i = 0; i < events && written < target; i++) {
        Instant t = start.plusNanos(spanNanos / events * i + rnd.nextLong(1000));
        Instant shown = rnd.nextInt(50) == 0 ? t.minusMillis(rnd.nextInt(4000)) : t; // the writer's skew
        LocalDate d = HistoryLayout.dayOf(t);
        if (!d.equals(day) || inFile >= rotate) {
            seq = d.equals(day) ? seq + 1 : 0;
            day = d;
            if (out != null) out.close();
            out = new BufferedOutputStream(Files.newOutputStream(layout.fileFor(day, seq, false)), 1 << 20);
            inFile = 0;
        }
        FileEvent e;
        if (rnd.nextInt(1_000_000) == 0) {
            e = FileEvent.overflow(shown, shown.minusMillis(200));
        } else {
            String[] p = progs[rnd.nextInt(progs.length)];
            // a skewed popularity: a few hot files, a long tail
            int idx = rnd.nextInt(10) < 7 ? rnd.nextInt(200) : rnd.nextInt(paths.length);
            String path = paths[idx];
            EventType type = types[rnd.nextInt(types.length)];
            int pid = 1000 + rnd.nextInt(30_000);
            List<Actor.Ancestor> chain = rnd.nextInt(10) == 0
                    ? List.of(new Actor.Ancestor(pid - 1, "bash", p[1]), new Actor.Ancestor(812, "sshd", "root"),
                    new Actor.Ancestor(1, "systemd", "root")) : null;
            int uid = Integer.parseInt(p[2]);
            Actor a = new Actor(pid, pid, pid - 1, p[0], "/usr/bin/" + p[0] + " " + (rnd.nextBoolean() ? path : "-q"),
                    "/usr/bin/" + p[0], uid, p[1], uid == 0 ? 1000 : uid, uid == 0 ? "alice" : p[1],
                    "/system.slice/" + p[0] + ".service", chain);
            long size = rnd.nextLong(1 << 24);
            e = new FileEvent(shown, type, path, type == EventType.MOVED_TO ? path + ".tmp" : null, a,
                    type == EventType.DELETE ? null : size, type == EventType.CLOSE_WRITE ? rnd.nextLong(-4096, 4096) : null);
        }
        String line = json.format(e);
        byte[] b = (line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.write(b);
        written += b.length;
        inFile += b.length;
    }
    if (out != null) out.close();
    System.out.printf("wrote %d MiB in %s%n", written >> 20, dir);
}

/**
 * A central history: the plain history generated into a scratch folder, then each line (in turn)
 * given to one host, with the shipper's suffix ,"host":"H","id":"H:STEM:OFFSET" as fsmon collect
 * stores it, in the host's files of the same day (rotated at 64 MiB).
 */
void central(Path dir, long target, int days, int hosts) throws Exception {
    Path plain = dir.resolve(".plain");
    main(new String[] {plain.toString(), Long.toString((target >> 20) * 86 / 100), Integer.toString(days)});
    OutputStream[] out = new OutputStream[hosts];
    long[] inFile = new long[hosts];
    int[] seq = new int[hosts];
    String[] stem = new String[hosts];
    LocalDate day = null;
    int next = 0;
    for (HistoryLayout.HistoryFile f : new HistoryLayout(plain).files()) {
        if (!f.day().equals(day)) {
            day = f.day();
            java.util.Arrays.fill(seq, -1);
            java.util.Arrays.fill(inFile, Long.MAX_VALUE);
        }
        try (var lines = Files.lines(f.path())) {
            for (String line : (Iterable<String>) lines::iterator) {
                int h = next++ % hosts;
                String host = "web-" + (h + 1);
                if (inFile[h] >= 64L << 20) {
                    if (out[h] != null) out[h].close();
                    seq[h]++;
                    Path p = new HistoryLayout(dir.resolve(host)).fileFor(day, seq[h], false);
                    Files.createDirectories(p.getParent());
                    out[h] = new BufferedOutputStream(Files.newOutputStream(p), 1 << 20);
                    stem[h] = p.getFileName().toString().replace(".jsonl", "");
                    inFile[h] = 0;
                }
                String shipped = line.substring(0, line.length() - 1) + ",\"host\":\"" + host + "\",\"id\":\""
                        + host + ":" + stem[h] + ":" + inFile[h] + "\"}\n";
                byte[] b = shipped.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                out[h].write(b);
                inFile[h] += b.length;
            }
        }
        Files.delete(f.path());
    }
    for (OutputStream o : out) {
        if (o != null) o.close();
    }
    Files.delete(plain);
    System.out.printf("wrote a central history of %d hosts in %s%n", hosts, dir);
}
