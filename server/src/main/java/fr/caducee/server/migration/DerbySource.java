package fr.caducee.server.migration;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.james.mailbox.store.mail.model.Property;

/**
 * The tables an earlier Caducée wrote in its embedded Derby database (James 3.8.1's JPA mailbox, our conversations,
 * James's domains, rewrites and quota limits), read with plain JDBC. Derby's driver is not on the server's class path:
 * the migration command brings it ({@code server/target/derby/}).
 */
final class DerbySource implements AutoCloseable {
    private final String url;
    private final Connection connection;

    private DerbySource(String url, Connection connection) {
        this.url = url;
        this.connection = connection;
    }

    /** Opens the database in {@code folder}; never creates one (a wrong path is an error, not an empty database). */
    static DerbySource open(Path folder) throws SQLException {
        String url = "jdbc:derby:" + folder.toAbsolutePath();
        try {
            return new DerbySource(url, DriverManager.getConnection(url));
        } catch (SQLException e) {
            if ("08001".equals(e.getSQLState()) && e.getMessage().contains("No suitable driver")) {
                throw new SQLException("Derby's JDBC driver is not on the class path: run the migration through "
                    + "scripts/migrate-derby, which adds server/target/derby/", e);
            }
            throw e;
        }
    }

    boolean hasTable(String table) throws SQLException {
        DatabaseMetaData metaData = connection.getMetaData();
        try (ResultSet tables = metaData.getTables(null, "APP", table, new String[] {"TABLE"})) {
            return tables.next();
        }
    }

    long count(String table) throws SQLException {
        if (!hasTable(table)) {
            return 0;
        }
        try (Statement statement = connection.createStatement();
             ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            count.next();
            return count.getLong(1);
        }
    }

    List<OldMailbox> mailboxes() throws SQLException {
        List<OldMailbox> mailboxes = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT MAILBOX_ID, MAILBOX_NAMESPACE, USER_NAME, MAILBOX_NAME, "
                 + "MAILBOX_UID_VALIDITY, MAILBOX_LAST_UID, MAILBOX_HIGHEST_MODSEQ FROM JAMES_MAILBOX ORDER BY MAILBOX_ID")) {
            while (rows.next()) {
                mailboxes.add(new OldMailbox(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4),
                    rows.getLong(5), rows.getLong(6), rows.getLong(7)));
            }
        }
        return mailboxes;
    }

    /** One mailbox's messages in UID order, with their properties and user flags; bytes are read one message at a time. */
    void forEachMessage(OldMailbox mailbox, MessageVisitor visitor) throws Exception {
        Map<Long, List<Property>> properties = properties(mailbox.id());
        Map<Long, List<String>> userFlags = userFlags(mailbox.id());
        try (PreparedStatement statement = connection.prepareStatement("SELECT MAIL_UID, MAIL_MODSEQ, MAIL_DATE, "
                 + "MAIL_IS_ANSWERED, MAIL_IS_DELETED, MAIL_IS_DRAFT, MAIL_IS_FLAGGED, MAIL_IS_RECENT, MAIL_IS_SEEN, "
                 + "MAIL_MIME_TYPE, MAIL_MIME_SUBTYPE, MAIL_TEXTUAL_LINE_COUNT, MAIL_BODY_START_OCTET, "
                 + "MAIL_CONTENT_OCTETS_COUNT, HEADER_BYTES, MAIL_BYTES FROM JAMES_MAIL WHERE MAILBOX_ID = ? "
                 + "ORDER BY MAIL_UID")) {
            statement.setLong(1, mailbox.id());
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    long uid = rows.getLong(1);
                    long lines = rows.getLong(12);
                    visitor.visit(new OldMessage(mailbox.id(), uid, rows.getLong(2), rows.getTimestamp(3).toInstant(),
                        rows.getBoolean(4), rows.getBoolean(5), rows.getBoolean(6), rows.getBoolean(7),
                        rows.getBoolean(8), rows.getBoolean(9), rows.getString(10), rows.getString(11),
                        rows.wasNull() ? null : lines, rows.getInt(13), rows.getLong(14), bytes(rows, 15),
                        bytes(rows, 16), properties.getOrDefault(uid, List.of()), userFlags.getOrDefault(uid, List.of())));
                }
            }
        }
    }

    private Map<Long, List<Property>> properties(long mailboxId) throws SQLException {
        Map<Long, List<Property>> properties = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT MAIL_UID, PROPERTY_NAME_SPACE, "
                 + "PROPERTY_LOCAL_NAME, PROPERTY_VALUE FROM JAMES_MAIL_PROPERTY WHERE MAILBOX_ID = ? "
                 + "ORDER BY MAIL_UID, PROPERTY_LINE_NUMBER")) {
            statement.setLong(1, mailboxId);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    properties.computeIfAbsent(rows.getLong(1), uid -> new ArrayList<>())
                        .add(new Property(rows.getString(2), rows.getString(3), rows.getString(4)));
                }
            }
        }
        return properties;
    }

    private Map<Long, List<String>> userFlags(long mailboxId) throws SQLException {
        Map<Long, List<String>> flags = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT MAIL_UID, USERFLAG_NAME "
                 + "FROM JAMES_MAIL_USERFLAG WHERE MAILBOX_ID = ? ORDER BY MAIL_UID, USERFLAG_ID")) {
            statement.setLong(1, mailboxId);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    List<String> ofMessage = flags.computeIfAbsent(rows.getLong(1), uid -> new ArrayList<>());
                    // James's JPA store could hold the same keyword twice for a message; a set of keywords cannot.
                    if (!ofMessage.contains(rows.getString(2))) {
                        ofMessage.add(rows.getString(2));
                    }
                }
            }
        }
        return flags;
    }

    private static byte[] bytes(ResultSet rows, int column) throws SQLException {
        byte[] bytes = rows.getBytes(column);
        return bytes == null ? new byte[0] : bytes;
    }

    /** What each mailbox holds, counted by the database itself, for the comparison after the copy. */
    Map<Long, MailboxFigures> figuresPerMailbox() throws SQLException {
        Map<Long, MailboxFigures> figures = new LinkedHashMap<>();
        Map<Long, Long> userFlags = new HashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT MAILBOX_ID, COUNT(*) FROM (SELECT DISTINCT "
                 + "MAILBOX_ID, MAIL_UID, USERFLAG_NAME FROM JAMES_MAIL_USERFLAG) f GROUP BY MAILBOX_ID")) {
            while (rows.next()) {
                userFlags.put(rows.getLong(1), rows.getLong(2));
            }
        }
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT b.MAILBOX_ID, b.MAILBOX_UID_VALIDITY, b.MAILBOX_LAST_UID, "
                 + "b.MAILBOX_HIGHEST_MODSEQ, COUNT(m.MAIL_UID), "
                 + "COALESCE(SUM(LENGTH(m.HEADER_BYTES) + LENGTH(m.MAIL_BYTES)), 0), "
                 + "COALESCE(SUM(m.MAIL_CONTENT_OCTETS_COUNT), 0), "
                 + "COALESCE(SUM(1 - m.MAIL_IS_SEEN), 0), COALESCE(SUM(m.MAIL_IS_ANSWERED), 0), "
                 + "COALESCE(SUM(m.MAIL_IS_FLAGGED), 0), COALESCE(SUM(m.MAIL_IS_DELETED), 0), "
                 + "COALESCE(SUM(m.MAIL_IS_DRAFT), 0), COALESCE(SUM(m.MAIL_IS_RECENT), 0) "
                 + "FROM JAMES_MAILBOX b LEFT JOIN JAMES_MAIL m ON m.MAILBOX_ID = b.MAILBOX_ID "
                 + "GROUP BY b.MAILBOX_ID, b.MAILBOX_UID_VALIDITY, b.MAILBOX_LAST_UID, b.MAILBOX_HIGHEST_MODSEQ "
                 + "ORDER BY b.MAILBOX_ID")) {
            while (rows.next()) {
                figures.put(rows.getLong(1), new MailboxFigures(rows.getLong(2), rows.getLong(3), rows.getLong(4),
                    rows.getLong(5), rows.getLong(6), rows.getLong(7), rows.getLong(8), rows.getLong(9), rows.getLong(10),
                    rows.getLong(11), rows.getLong(12), rows.getLong(13), userFlags.getOrDefault(rows.getLong(1), 0L)));
            }
        }
        return figures;
    }

    /** Every row of a table of ours or James's copied as it is: its columns by name, in order. */
    void forEachRow(String table, RowVisitor visitor) throws Exception {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT * FROM " + table)) {
            int columns = rows.getMetaData().getColumnCount();
            List<String> names = new ArrayList<>();
            for (int column = 1; column <= columns; column++) {
                names.add(rows.getMetaData().getColumnName(column));
            }
            while (rows.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int column = 1; column <= columns; column++) {
                    row.put(names.get(column - 1), rows.getObject(column));
                }
                visitor.visit(row);
            }
        }
    }

    /** Subscriptions as James stored them: the subscriber and the mailbox path as text. */
    void forEachSubscription(RowVisitor visitor) throws Exception {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT DISTINCT USER_NAME, MAILBOX_NAME FROM JAMES_SUBSCRIPTION")) {
            while (rows.next()) {
                visitor.visit(Map.of("owner", rows.getString(1), "mailbox", rows.getString(2)));
            }
        }
    }

    long distinctSubscriptions() throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet count = statement.executeQuery(
                 "SELECT COUNT(*) FROM (SELECT DISTINCT USER_NAME, MAILBOX_NAME FROM JAMES_SUBSCRIPTION) s")) {
            count.next();
            return count.getLong(1);
        }
    }

    /** The usage James recorded per quota root, shown next to the recomputed one (James's could drift). */
    Map<String, long[]> recordedQuotaUsage() throws SQLException {
        Map<String, long[]> usage = new LinkedHashMap<>();
        if (!hasTable("JAMES_QUOTA_CURRENTQUOTA")) {
            return usage;
        }
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT CURRENTQUOTA_QUOTAROOT, CURRENTQUOTA_MESSAGECOUNT, "
                 + "CURRENTQUOTA_SIZE FROM JAMES_QUOTA_CURRENTQUOTA ORDER BY CURRENTQUOTA_QUOTAROOT")) {
            while (rows.next()) {
                usage.put(rows.getString(1), new long[] {rows.getLong(2), rows.getLong(3)});
            }
        }
        return usage;
    }

    /** Derby stops a database when asked, and says so with an exception. */
    @Override
    public void close() {
        try {
            connection.close();
            DriverManager.getConnection(url + ";shutdown=true").close();
        } catch (SQLException expected) {
            // 08006: the database was shut down
        }
    }

    record OldMailbox(long id, String namespace, String owner, String name, long uidValidity, long lastUid,
                      long highestModSeq) {
        String path() {
            return namespace + ":" + owner + ":" + name;
        }
    }

    record OldMessage(long mailboxId, long uid, long modSeq, java.time.Instant internalDate, boolean answered,
                      boolean deleted, boolean draft, boolean flagged, boolean recent, boolean seen, String mediaType,
                      String subType, Long textualLineCount, int bodyStartOctet, long size, byte[] header, byte[] body,
                      List<Property> properties, List<String> userFlags) {
    }

    @FunctionalInterface
    interface MessageVisitor {
        void visit(OldMessage message) throws Exception;
    }

    @FunctionalInterface
    interface RowVisitor {
        void visit(Map<String, Object> row) throws Exception;
    }
}
