package fr.caducee.server.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A physical backup of the running managed PostgreSQL through its low-level API, over one JDBC session (the
 * backup belongs to the session that started it):
 * <ol>
 *   <li>a physical replication slot that reserves the log at once, so that no segment the copy needs is recycled
 *       by a checkpoint while the files are copied;</li>
 *   <li>{@code pg_backup_start(label, fast)}: a checkpoint, and the location replay will start from;</li>
 *   <li>the data files, as they are (pages torn by concurrent writes are rewritten by the replay: full-page
 *       writes are logged after the checkpoint);</li>
 *   <li>{@code pg_backup_stop()}: the stop location and the label, written as {@code backup_label} in the copy,
 *       which makes the first start replay from the start location and refuse to open before the stop location;</li>
 *   <li>the log segments from the start's through the stop's; then the slot is dropped.</li>
 * </ol>
 * Whatever was committed before step 2 began is in the copy; so is what was committed until step 4.
 */
final class OnlineDatabaseBackup {
    static final String SLOT = "caducee_backup";
    private static final Pattern SEGMENT = Pattern.compile("[0-9A-F]{24}");
    private static final Pattern START_FILE = Pattern.compile("START WAL LOCATION: \\S+ \\(file ([0-9A-F]{24})\\)");

    /** Where the backup began and ended in the log. */
    record Locations(String startLsn, String stopLsn) {
    }

    private OnlineDatabaseBackup() {
    }

    static Locations copy(Connection session, Path pgdata, BackupFolder backup, String prefix, String label)
            throws IOException, SQLException {
        dropSlot(session);
        try (Statement statement = session.createStatement()) {
            statement.execute("SELECT pg_create_physical_replication_slot('" + SLOT + "', true)");
        }
        boolean started = false;
        try {
            String startLsn;
            try (PreparedStatement start = session.prepareStatement("SELECT pg_backup_start(?, true)::text")) {
                start.setString(1, label);
                try (ResultSet result = start.executeQuery()) {
                    result.next();
                    startLsn = result.getString(1);
                }
            }
            started = true;
            DatabaseFiles.copy(pgdata, backup, prefix, false);
            String stopLsn;
            String labelFile;
            String tablespaceMap;
            String stopSegment;
            try (Statement stop = session.createStatement();
                 ResultSet result = stop.executeQuery("SELECT lsn::text, labelfile, spcmapfile, pg_walfile_name(lsn) "
                     + "FROM pg_backup_stop(false)")) {
                result.next();
                stopLsn = result.getString(1);
                labelFile = result.getString(2);
                tablespaceMap = result.getString(3);
                stopSegment = result.getString(4);
            }
            started = false;
            backup.write(prefix + "/backup_label", labelFile.getBytes(StandardCharsets.UTF_8));
            if (tablespaceMap != null && !tablespaceMap.isEmpty()) {
                backup.write(prefix + "/tablespace_map", tablespaceMap.getBytes(StandardCharsets.UTF_8));
            }
            copyLog(pgdata.resolve("pg_wal"), backup, prefix + "/pg_wal", startSegment(labelFile), stopSegment);
            return new Locations(startLsn, stopLsn);
        } finally {
            if (started) {
                try (Statement abort = session.createStatement()) {
                    abort.execute("SELECT pg_backup_stop(false)");
                } catch (SQLException ignored) {
                    // the session ends below anyway, which ends its backup
                }
            }
            dropSlot(session);
        }
    }

    /** The first log segment replay needs, as the label names it. */
    static String startSegment(String labelFile) {
        Matcher matcher = START_FILE.matcher(labelFile);
        if (!matcher.find()) {
            throw new IllegalStateException("pg_backup_stop returned a label without its start file:\n" + labelFile);
        }
        return matcher.group(1);
    }

    /** Whether a log file belongs to the copy: a segment from {@code first} through {@code last}, or a history. */
    static boolean needed(String name, String first, String last) {
        if (name.endsWith(".history")) {
            return true;
        }
        return SEGMENT.matcher(name).matches() && name.compareTo(first) >= 0 && name.compareTo(last) <= 0;
    }

    private static void copyLog(Path wal, BackupFolder backup, String prefix, String first, String last)
            throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(wal)) {
            for (Path file : files) {
                if (Files.isRegularFile(file) && needed(file.getFileName().toString(), first, last)) {
                    backup.copy(file, prefix + "/" + file.getFileName());
                }
            }
        }
        for (String name = first; name.compareTo(last) <= 0; name = next(name)) {
            if (!Files.exists(backup.root().resolve(prefix).resolve(name))) {
                throw new IOException("the log segment " + name + " the backup needs is gone from " + wal);
            }
        }
    }

    /** The segment after {@code name} (timeline, log number, segment number; 16 MB segments, 256 per log). */
    static String next(String name) {
        String timeline = name.substring(0, 8);
        long log = Long.parseLong(name.substring(8, 16), 16);
        long segment = Long.parseLong(name.substring(16, 24), 16) + 1;
        if (segment > 0xFF) {
            segment = 0;
            log++;
        }
        return String.format("%s%08X%08X", timeline, log, segment);
    }

    private static void dropSlot(Connection session) throws SQLException {
        try (Statement statement = session.createStatement()) {
            statement.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '"
                + SLOT + "'");
        }
    }
}
