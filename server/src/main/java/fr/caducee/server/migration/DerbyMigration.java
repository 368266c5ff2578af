package fr.caducee.server.migration;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.mail.Flags;
import javax.sql.DataSource;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.model.ByteContent;
import org.apache.james.mailbox.store.mail.model.DefaultMessageId;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.apache.james.mailbox.store.mail.model.impl.PropertyBuilder;
import org.apache.james.mailbox.store.mail.model.impl.SimpleMailboxMessage;

import fr.caducee.server.migration.DerbySource.OldMailbox;
import fr.caducee.server.migration.DerbySource.OldMessage;
import fr.caducee.server.storage.RetiredDerby;
import fr.caducee.server.storage.search.MessageIndexing;

/**
 * The one-time copy of an earlier version's embedded Derby database ({@code <data>/var/store/derby}) into the
 * PostgreSQL this version stores mail in: mailboxes (UIDVALIDITY, UIDs, mod-sequences, flags, keywords, internal
 * dates), messages (bytes and MIME properties), subscriptions, annotations, conversations, and James's domains,
 * address rewrites and quota limits; quota usage and mailbox counters are recomputed from what was copied.
 *
 * <p>The Derby folder is copied aside first and only the copy is opened (Derby writes to a database it opens, if only
 * to recover it). Everything is written in one PostgreSQL transaction, committed only once the counts per table and
 * per mailbox match the Derby database's: a failure or a mismatch leaves PostgreSQL as it was. A database already
 * holding mail is refused, so that a second run never duplicates anything. Once committed, {@code
 * <data>/var/store/derby.migrated} records it, and the server starts on that data folder again.
 */
public final class DerbyMigration {
    /** James's tables that the server still reads through OpenJPA, copied row for row when Derby holds them. */
    static final List<String> JAMES_TABLES = List.of("JAMES_DOMAIN", "JAMES_RECIPIENT_REWRITE",
        "JAMES_MAX_DOMAIN_MESSAGE_COUNT", "JAMES_MAX_DOMAIN_STORAGE", "JAMES_MAX_GLOBAL_MESSAGE_COUNT",
        "JAMES_MAX_GLOBAL_STORAGE", "JAMES_MAX_USER_MESSAGE_COUNT", "JAMES_MAX_USER_STORAGE");
    /** Our conversations (migration V1): the same tables and columns in both databases. */
    static final List<String> CONVERSATION_TABLES = List.of("CADUCEE_CONVERSATION", "CADUCEE_CONVERSATION_PARTICIPANT",
        "CADUCEE_CONVERSATION_MESSAGE");

    private final Path fromDataDir;
    private final Path workDir;
    private final DataSource target;
    private final String targetName;
    private final MessageIndexing indexing;
    private final PrintStream out;

    /**
     * @param fromDataDir the earlier version's data folder, holding {@code var/store/derby}
     * @param workDir     an empty folder (or none) where the Derby folder is copied while it is read; deleted after
     * @param targetName  the PostgreSQL database as the operator knows it (its URL), for the record of the migration
     */
    public DerbyMigration(Path fromDataDir, Path workDir, DataSource target, String targetName,
                          MessageIndexing indexing, PrintStream out) {
        this.fromDataDir = fromDataDir.toAbsolutePath().normalize();
        this.workDir = workDir;
        this.target = target;
        this.targetName = targetName;
        this.indexing = indexing;
        this.out = out;
    }

    /** James's tables in an empty PostgreSQL, as the server's first start would create them, to copy into. */
    public static void createJamesTables(String url, String user, String password) {
        JamesTables.create(url, user, password);
    }

    /** Copies, verifies, commits; a {@link MigrationRefused} says why nothing was written. */
    public Summary run() throws MigrationRefused, IOException, SQLException {
        Path derby = RetiredDerby.databaseOf(fromDataDir);
        if (!Files.isRegularFile(derby.resolve("service.properties"))) {
            throw new MigrationRefused("no Derby database in " + derby + ": --from takes the data folder of the "
                + "earlier version, the one holding var/store/derby");
        }
        checkNotInUse(derby);
        Path copy = workDir.resolve("derby");
        deleteTree(workDir);
        Files.createDirectories(workDir);
        try {
            copyTree(derby, copy);
            // Derby's own log, kept after the copy is deleted: what it says if the copy cannot be opened.
            System.setProperty("derby.stream.error.file",
                workDir.resolveSibling(workDir.getFileName() + "-derby.log").toString());
            try (DerbySource source = DerbySource.open(copy); Connection transaction = target.getConnection()) {
                transaction.setAutoCommit(false);
                try {
                    Summary summary = copyAndVerify(source, transaction);
                    transaction.commit();
                    try {
                        RetiredDerby.recordMigrated(fromDataDir, summary.describe(targetName));
                    } catch (IOException e) {
                        out.println("The copy is committed, but " + fromDataDir + " could not record it (" + e
                            + "): a server started on that folder will ask for the migration again; move its "
                            + "var/store/derby aside instead");
                    }
                    return summary;
                } finally {
                    if (!transaction.getAutoCommit()) {
                        transaction.rollback();
                    }
                }
            }
        } finally {
            deleteTree(workDir);
        }
    }

    private Summary copyAndVerify(DerbySource source, Connection transaction) throws MigrationRefused, SQLException {
        MailboxStoreWriter store = new MailboxStoreWriter(transaction);
        refuseUnlessEmpty(store, transaction);
        Instant begin = Instant.now();

        Map<Long, Long> mailboxIds = new HashMap<>();
        Map<Long, String> paths = new HashMap<>();
        long messages = 0;
        for (OldMailbox mailbox : source.mailboxes()) {
            long id = store.insertMailbox(mailbox);
            mailboxIds.put(mailbox.id(), id);
            paths.put(id, mailbox.path());
            long[] copied = {0};
            try {
                source.forEachMessage(mailbox, old -> {
                    UUID messageId = store.insertMessage(id, old);
                    indexing.index(transaction, messageId, asMailboxMessage(id, old));
                    copied[0]++;
                });
            } catch (SQLException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new SQLException("copying " + mailbox.path() + ": " + e.getMessage(), e);
            }
            messages += copied[0];
            out.printf("  %-60s %d message(s)%n", mailbox.path(), copied[0]);
        }
        try {
            source.forEachSubscription(row -> store.insertSubscription((String) row.get("owner"),
                (String) row.get("mailbox")));
            if (source.hasTable("JAMES_MAILBOX_ANNOTATION")) {
                source.forEachRow("JAMES_MAILBOX_ANNOTATION", row -> store.insertAnnotation(
                    mailboxIds.get(((Number) row.get("MAILBOX_ID")).longValue()), (String) row.get("ANNOTATION_KEY"),
                    (String) row.get("VALUE")));
            }
            for (String table : CONVERSATION_TABLES) {
                copyRows(source, transaction, table);
            }
            for (String table : JAMES_TABLES) {
                copyRows(source, transaction, table);
            }
        } catch (SQLException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new SQLException(e.getMessage(), e);
        }
        store.finish();

        Verification verification = new Verification(out);
        verification.table("mailboxes", source.count("JAMES_MAILBOX"), store.count("caducee_mailbox"));
        verification.table("messages", source.count("JAMES_MAIL"), store.count("caducee_mailbox_message"));
        verification.table("message bodies", source.count("JAMES_MAIL"), store.count("caducee_message"));
        verification.table("MIME properties", source.count("JAMES_MAIL_PROPERTY"), store.propertyCount());
        verification.table("keywords (user flags)", distinctKeywords(source), store.keywordCount());
        verification.table("subscriptions", source.distinctSubscriptions(), store.count("caducee_subscription"));
        verification.table("annotations", source.count("JAMES_MAILBOX_ANNOTATION"),
            store.count("caducee_mailbox_annotation"));
        for (String table : Stream.concat(CONVERSATION_TABLES.stream(), JAMES_TABLES.stream()).toList()) {
            // A table PostgreSQL lacks is a mismatch only when Derby holds rows in it.
            if (source.hasTable(table) && (hasTable(transaction, table) || source.count(table) > 0)) {
                verification.table(table.toLowerCase(), source.count(table),
                    hasTable(transaction, table) ? store.count(table.toLowerCase()) : -1);
            }
        }
        Map<Long, MailboxFigures> before = source.figuresPerMailbox();
        Map<Long, MailboxFigures> after = store.figuresPerMailbox();
        out.println("Per mailbox (Derby = PostgreSQL):");
        before.forEach((oldId, figures) -> {
            Long newId = mailboxIds.get(oldId);
            verification.mailbox(paths.get(newId), figures, after.get(newId));
        });
        verification.quotaUsage(source.recordedQuotaUsage(), store.quotaUsage());
        if (verification.mismatches() > 0) {
            throw new MigrationRefused(verification.mismatches() + " count(s) differ between Derby and PostgreSQL "
                + "(MISMATCH above): nothing was written to PostgreSQL (the copy was rolled back) and the Derby folder "
                + "is untouched; keep it, and report the lines marked MISMATCH");
        }
        return new Summary(mailboxIds.size(), messages, store.count("caducee_subscription"),
            store.count("caducee_conversation"), java.time.Duration.between(begin, Instant.now()).toMillis());
    }

    private void refuseUnlessEmpty(MailboxStoreWriter store, Connection transaction) throws MigrationRefused, SQLException {
        List<String> held = new ArrayList<>();
        long mailboxes = store.mailboxCount();
        if (mailboxes > 0) {
            held.add(mailboxes + " mailbox(es)");
        }
        for (String table : Stream.concat(CONVERSATION_TABLES.stream().limit(1), Stream.of("JAMES_DOMAIN")).toList()) {
            long rows = hasTable(transaction, table) ? store.count(table.toLowerCase()) : 0;
            if (rows > 0) {
                held.add(rows + " row(s) in " + table.toLowerCase());
            }
        }
        if (!held.isEmpty()) {
            throw new MigrationRefused("the PostgreSQL database already holds " + String.join(", ", held)
                + ": the migration copies into an empty database only, so that it never mixes or duplicates mail. "
                + "Point it at a new database (or a new data folder), or, if this one holds nothing to keep, empty it");
        }
    }

    /** A table of ours or James's copied row for row, columns by name; one absent from PostgreSQL is a mismatch. */
    private static void copyRows(DerbySource source, Connection transaction, String table) throws Exception {
        if (!source.hasTable(table) || !hasTable(transaction, table)) {
            return;
        }
        PreparedStatement[] insert = {null};
        List<String> columns = new ArrayList<>();
        try {
            source.forEachRow(table, row -> {
                if (insert[0] == null) {
                    columns.addAll(row.keySet());
                    insert[0] = transaction.prepareStatement("INSERT INTO " + table.toLowerCase() + " ("
                        + columns.stream().map(String::toLowerCase).collect(Collectors.joining(", ")) + ") VALUES ("
                        + columns.stream().map(column -> "?").collect(Collectors.joining(", ")) + ")");
                }
                for (int n = 0; n < columns.size(); n++) {
                    insert[0].setObject(n + 1, row.get(columns.get(n)));
                }
                insert[0].executeUpdate();
            });
        } finally {
            if (insert[0] != null) {
                insert[0].close();
            }
        }
    }

    static boolean hasTable(Connection connection, String table) throws SQLException {
        DatabaseMetaData metaData = connection.getMetaData();
        try (ResultSet tables = metaData.getTables(null, null, table.toLowerCase(), new String[] {"TABLE"})) {
            return tables.next();
        }
    }

    private static long distinctKeywords(DerbySource source) throws SQLException {
        return source.figuresPerMailbox().values().stream().mapToLong(MailboxFigures::userFlags).sum();
    }

    /** What the search index is given: the message as James's store would hand it over. */
    private static MailboxMessage asMailboxMessage(long mailboxId, OldMessage old) {
        byte[] content = new byte[old.header().length + old.body().length];
        System.arraycopy(old.header(), 0, content, 0, old.header().length);
        System.arraycopy(old.body(), 0, content, old.header().length, old.body().length);
        Flags flags = new Flags();
        if (old.answered()) {
            flags.add(Flags.Flag.ANSWERED);
        }
        if (old.deleted()) {
            flags.add(Flags.Flag.DELETED);
        }
        if (old.draft()) {
            flags.add(Flags.Flag.DRAFT);
        }
        if (old.flagged()) {
            flags.add(Flags.Flag.FLAGGED);
        }
        if (old.recent()) {
            flags.add(Flags.Flag.RECENT);
        }
        if (old.seen()) {
            flags.add(Flags.Flag.SEEN);
        }
        old.userFlags().forEach(flags::add);
        PropertyBuilder properties = new PropertyBuilder(old.properties());
        properties.setTextualLineCount(old.textualLineCount());
        DefaultMessageId messageId = new DefaultMessageId();
        return SimpleMailboxMessage.builder()
            .messageId(messageId)
            .threadId(org.apache.james.mailbox.model.ThreadId.fromBaseMessageId(messageId))
            .mailboxId(JPAId.of(mailboxId))
            .uid(MessageUid.of(old.uid()))
            .modseq(ModSeq.of(old.modSeq()))
            .internalDate(Date.from(old.internalDate()))
            .size(old.size())
            .bodyStartOctet(old.bodyStartOctet())
            .content(new ByteContent(content))
            .flags(flags)
            .properties(properties)
            .build();
    }

    /**
     * Derby holds its database with a lock on {@code dbex.lck} while it runs: a lock we cannot take means the earlier
     * server still runs on that folder, and a copy would catch its database mid-write.
     */
    private static void checkNotInUse(Path derby) throws MigrationRefused, IOException {
        Path lock = derby.resolve("dbex.lck");
        if (!Files.exists(lock) || !Files.isWritable(lock)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE)) {
            FileLock held = channel.tryLock();
            if (held == null) {
                throw inUse(derby);
            }
            held.release();
        } catch (OverlappingFileLockException e) {
            throw inUse(derby);
        }
    }

    private static MigrationRefused inUse(Path derby) {
        return new MigrationRefused("the Derby database " + derby + " is open in a running server: stop the earlier "
            + "Caducée server of that data folder first (the copy must see a database nothing writes to)");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path copy = to.resolve(from.relativize(path).toString());
                String name = path.getFileName().toString();
                if (Files.isDirectory(path)) {
                    Files.createDirectories(copy);
                } else if (!name.equals("db.lck") && !name.equals("dbex.lck")) {
                    Files.copy(path, copy);
                }
            }
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** What was copied. */
    public record Summary(long mailboxes, long messages, long subscriptions, long conversations, long millis) {
        String describe(String target) {
            return String.format("Derby database migrated at %s into %s: %d mailbox(es), %d message(s), "
                + "%d subscription(s), %d conversation(s)%n", Instant.now(), target, mailboxes, messages, subscriptions,
                conversations);
        }
    }

    /** The migration did not happen, for a reason a person can act on; nothing was written. */
    public static final class MigrationRefused extends Exception {
        public MigrationRefused(String message) {
            super(message);
        }
    }
}
