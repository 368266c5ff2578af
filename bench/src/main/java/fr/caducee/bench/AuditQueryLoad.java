package fr.caducee.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import fr.caducee.audit.AuditQuery;
import fr.caducee.audit.AuditReader;
import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.AuditSettings;
import fr.caducee.audit.BoxTypes;
import fr.caducee.audit.FileAuditTrail;
import fr.caducee.audit.FsyncPolicy;

/**
 * Reading a day of the audit trail: {@code records} acceptances written into one UTC day's segment (2026-11-24),
 * then, each timed {@code runs} times, a query by message id (one match), a query by box (the latest 1000 of its
 * records), an export of the whole day (lines counted) and the month's indicators. The segment is read through
 * the operating system's page cache once written: figures are for a warm cache.
 *
 * <pre>java -cp "bench/target/caducee-bench.jar:bench/target/lib/*" fr.caducee.bench.AuditQueryLoad FOLDER RECORDS RUNS</pre>
 */
public final class AuditQueryLoad {
    private static final Instant DAY = Instant.parse("2026-11-24T00:00:00Z");

    private AuditQueryLoad() {
    }

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        int records = Integer.parseInt(args[1]);
        int runs = Integer.parseInt(args[2]);
        long writeStart = System.nanoTime();
        try (FileAuditTrail trail = FileAuditTrail.open(folder,
                AuditSettings.defaults().withFsync(FsyncPolicy.INTERVAL, Duration.ofSeconds(1)))) {
            long step = Duration.ofDays(1).toNanos() / records;
            for (int n = 0; n < records; n++) {
                AuditRecord record = AuditTrailLoad.acceptance(n);
                trail.append(new AuditRecord(DAY.plusNanos(step * n), record.decision(), record.rule(), record.reason(),
                    record.via(), record.mail(), record.messageId(), record.login(), record.peer(), record.sender(),
                    record.recipients(), record.size(), record.session(), record.remote()));
            }
        }
        double writeSeconds = (System.nanoTime() - writeStart) / 1e9;
        long bytes = AuditTrailLoad.bytes(folder);
        System.out.printf(Locale.ROOT, "segment: %d records, %d bytes (%.1f bytes/record), written in %.1f s%n",
            records, bytes, (double) bytes / records, writeSeconds);

        AuditReader reader = new AuditReader(folder);
        Instant to = DAY.plus(Duration.ofDays(1));
        String messageId = AuditTrailLoad.acceptance(records / 2).messageId();
        String box = AuditTrailLoad.acceptance(records / 3).login();
        time("query by message id", runs, () -> reader.query(AuditQuery.between(DAY, to).withMessageId(messageId).withLimit(1000)).matched());
        time("query by box (latest 1000)", runs, () -> reader.query(AuditQuery.between(DAY, to).withBox(box).withLimit(1000)).matched());
        time("export of the day", runs, () -> {
            try (Stream<String> lines = reader.export(DAY, to)) {
                return lines.count();
            }
        });
        YearMonth month = YearMonth.from(DAY.atZone(ZoneOffset.UTC));
        BoxTypes types = address -> address.endsWith("@chu-exemple.mssante.fr") ? "PER" : BoxTypes.REMOTE;
        time("indicators of the month", runs, () -> reader.indicators(month, types).activeBoxes());
    }

    interface Measured {
        long run() throws Exception;
    }

    private static void time(String what, int runs, Measured measured) throws Exception {
        List<Double> seconds = new ArrayList<>();
        long result = 0;
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            result = measured.run();
            seconds.add((System.nanoTime() - start) / 1e9);
        }
        List<Double> sorted = new ArrayList<>(seconds);
        Collections.sort(sorted);
        System.out.printf(Locale.ROOT, "%s: median %.3f s (min %.3f, max %.3f, %d runs), result %d%n",
            what, sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1), runs, result);
    }
}
