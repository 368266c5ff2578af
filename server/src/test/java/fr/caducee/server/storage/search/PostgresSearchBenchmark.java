package fr.caducee.server.storage.search;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

import javax.mail.Flags;
import javax.mail.internet.MimeUtility;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.inmemory.InMemoryMessageId;
import org.apache.james.mailbox.model.ByteContent;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxConstants;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.SearchQuery;
import org.apache.james.mailbox.model.SearchQuery.Sort;
import org.apache.james.mailbox.model.SearchQuery.Sort.Order;
import org.apache.james.mailbox.model.SearchQuery.Sort.SortClause;
import org.apache.james.mailbox.model.ThreadId;
import org.apache.james.mailbox.model.UidValidity;
import org.apache.james.mailbox.store.mail.model.impl.PropertyBuilder;
import org.apache.james.mailbox.store.mail.model.impl.SimpleMailboxMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.postgresql.ds.PGSimpleDataSource;

import fr.caducee.server.storage.SchemaMigrations;
import fr.caducee.testkit.PostgresCluster;

/**
 * SEARCH and SORT timed on one INBOX of {@code caducee.bench.searchMessages} messages (docs/BENCHMARKS.md, "Search
 * and sort in PostgreSQL"), shaped like the mailbox-size phase of scripts/bench-scaling (4 KB, one in 100 with
 * "scanner" in its subject, another one in 100 with "ferritine" in its body only, one in 10 unseen) but with varied
 * French text, so that the trigram index is not flattered by identical bodies. Rows are written through
 * {@link PostgresMessageIndexing}, as the store writes them. Not run by default.
 */
@EnabledIfSystemProperty(named = "caducee.bench.searchMessages", matches = "\\d+")
class PostgresSearchBenchmark {
    private static final int RUNS = 20;
    private static final String[] WORDS = ("patient patiente consultation examen clinique rassurant bilan biologique "
        + "prévoir traitement inchangé réévaluation trois mois tension artérielle fréquence cardiaque glycémie "
        + "créatinine hémoglobine leucocytes plaquettes kaliémie natrémie protéine réactive radiographie thorax "
        + "échographie abdominale scanner cérébral IRM lombaire douleur thoracique dyspnée œdème membres inférieurs "
        + "antécédents familiaux diabète hypertension insuffisance rénale chronique allergie pénicilline posologie "
        + "matin soir comprimé sécable pendant jours semaines suivi infirmier domicile pansement plaie cicatrisation "
        + "ordonnance renouvelée kinésithérapie séances rééducation marche sortie hospitalisation service "
        + "cardiologie pneumologie néphrologie urgences médecin traitant courrier adressé confrère avis spécialisé "
        + "résultats normaux légèrement élevés contrôle prochain rendez-vous vaccination rappel grippe covid "
        + "antibiotique amoxicilline paracétamol anticoagulant héparine INR cible stable vigilance chute").split(" ");

    @Test
    void searchAndSortOneLargeInbox() throws Exception {
        int messages = Integer.parseInt(System.getProperty("caducee.bench.searchMessages"));
        try (PostgresCluster cluster = PostgresCluster.start()) {
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setURL(cluster.jdbcUrl());
            dataSource.setUser(PostgresCluster.USER);
            dataSource.setPassword(PostgresCluster.PASSWORD);
            SchemaMigrations.apply(dataSource);
            fill(dataSource, messages);
            report(dataSource);
            explain(dataSource, "(s.headers LIKE '%ferritine%' OR s.body LIKE '%ferritine%')");
            explain(dataSource, "(s.headers ~ '\nsubject: [^\n]*scanner')");
            MailboxSession session = new MailboxSession(MailboxSession.SessionId.of(1), Username.of("bench"),
                Optional.of(Username.of("bench")), List.of(Locale.ROOT), MailboxConstants.DEFAULT_DELIMITER,
                MailboxSession.SessionType.User);
            Mailbox inbox = new Mailbox(MailboxPath.inbox(session), UidValidity.of(1),
                new PostgresMessageSearchIndexTest.NumberId(1));
            PostgresMessageSearchIndex index = new PostgresMessageSearchIndex(dataSource,
                new PostgresMessageSearchIndexTest.UuidMessageId.Factory());
            time(index, session, inbox, "SEARCH UNSEEN", SearchQuery.of(SearchQuery.flagIsUnSet(Flags.Flag.SEEN)));
            time(index, session, inbox, "SEARCH SUBJECT scanner",
                SearchQuery.of(SearchQuery.headerContains("Subject", "scanner")));
            time(index, session, inbox, "SEARCH TEXT ferritine", SearchQuery.of(SearchQuery.mailContains("ferritine")));
            time(index, session, inbox, "SEARCH BODY ferritine", SearchQuery.of(SearchQuery.bodyContains("ferritine")));
            time(index, session, inbox, "SEARCH SUBJECT \"resultats d'analyse n° 4242\"",
                SearchQuery.of(SearchQuery.headerContains("Subject", "résultats d'analyse n° 4242")));
            time(index, session, inbox, "SEARCH SUBJECT sultat (99 in 100)",
                SearchQuery.of(SearchQuery.headerContains("Subject", "sultat")));
            time(index, session, inbox, "SEARCH TEXT glycemie (most)", SearchQuery.of(SearchQuery.mailContains("glycemie")));
            time(index, session, inbox, "SEARCH UNSEEN TEXT ferritine", SearchQuery.of(
                SearchQuery.flagIsUnSet(Flags.Flag.SEEN), SearchQuery.mailContains("ferritine")));
            time(index, session, inbox, "SORT (SUBJECT) ALL", SearchQuery.allSortedWith(new Sort(SortClause.BaseSubject)));
            time(index, session, inbox, "SORT (REVERSE DATE) ALL",
                SearchQuery.allSortedWith(new Sort(SortClause.SentDate, Order.REVERSE)));
            time(index, session, inbox, "SORT (FROM) ALL", SearchQuery.allSortedWith(new Sort(SortClause.MailboxFrom)));
            time(index, session, inbox, "SORT (REVERSE ARRIVAL) ALL",
                SearchQuery.allSortedWith(new Sort(SortClause.Arrival, Order.REVERSE)));
            time(index, session, inbox, "SORT (SUBJECT) UNSEEN", SearchQuery.builder()
                .andCriteria(SearchQuery.flagIsUnSet(Flags.Flag.SEEN)).sorts(new Sort(SortClause.BaseSubject)).build());
        }
    }

    private static void fill(PGSimpleDataSource dataSource, int messages) throws Exception {
        Random random = new Random(42);
        PostgresMessageIndexing indexing = new PostgresMessageIndexing();
        Instant start = Instant.parse("2026-01-01T08:00:00Z");
        long began = System.nanoTime();
        long indexingNanos = 0;
        try (Connection connection = dataSource.getConnection()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO caducee_mailbox (mailbox_id, namespace, owner, name, uid_validity) "
                    + "VALUES (1, '#private', 'bench', 'INBOX', 1)");
            }
            connection.setAutoCommit(false);
            PreparedStatement message = connection.prepareStatement("INSERT INTO caducee_message (message_id, "
                + "internal_date, size, body_start_octet, header, body) VALUES (?, ?, ?, ?, ?, ?)");
            PreparedStatement view = connection.prepareStatement("INSERT INTO caducee_mailbox_message (mailbox_id, "
                + "uid, message_id, modseq, size, internal_date, seen, body_start_octet) VALUES (1, ?, ?, ?, ?, ?, ?, ?)");
            for (int n = 1; n <= messages; n++) {
                Instant sent = start.plusSeconds(300L * n + random.nextInt(300));
                byte[] content = raw(n, sent, random);
                int bodyStart = indexOf(content) + 4;
                UUID id = UUID.randomUUID();
                OffsetDateTime arrival = OffsetDateTime.ofInstant(sent.plusSeconds(5), ZoneOffset.UTC);
                message.setObject(1, id);
                message.setObject(2, arrival);
                message.setLong(3, content.length);
                message.setInt(4, bodyStart);
                message.setBytes(5, Arrays.copyOfRange(content, 0, bodyStart));
                message.setBytes(6, Arrays.copyOfRange(content, bodyStart, content.length));
                message.executeUpdate();
                view.setLong(1, n);
                view.setObject(2, id);
                view.setLong(3, n);
                view.setLong(4, content.length);
                view.setObject(5, arrival);
                view.setBoolean(6, n % 10 != 0);
                view.setInt(7, bodyStart);
                view.executeUpdate();
                InMemoryMessageId messageId = InMemoryMessageId.of(n);
                SimpleMailboxMessage mailboxMessage = SimpleMailboxMessage.builder()
                    .messageId(messageId).threadId(ThreadId.fromBaseMessageId(messageId))
                    .internalDate(Date.from(arrival.toInstant())).size(content.length).bodyStartOctet(bodyStart)
                    .content(new ByteContent(content)).flags(new Flags()).properties(new PropertyBuilder())
                    .mailboxId(new PostgresMessageSearchIndexTest.NumberId(1)).uid(MessageUid.of(n))
                    .modseq(ModSeq.of(n)).build();
                long before = System.nanoTime();
                indexing.index(connection, id, mailboxMessage);
                indexingNanos += System.nanoTime() - before;
                if (n % 1000 == 0) {
                    connection.commit();
                }
            }
            connection.commit();
            try (Statement statement = connection.createStatement()) {
                connection.setAutoCommit(true);
                statement.execute("VACUUM ANALYZE");
            }
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        System.out.printf(Locale.ROOT, "BENCH fill messages=%d total_s=%.1f indexing_ms_per_message=%.3f%n",
            messages, seconds, indexingNanos / 1e6 / messages);
    }

    private static byte[] raw(int n, Instant sent, Random random) throws Exception {
        String subject = n % 100 == 7 ? "Compte rendu scanner thoracique n° " + n : "Résultats d'analyse n° " + n;
        StringBuilder body = new StringBuilder(4200);
        if (n % 100 == 42) {
            body.append("Dosage de la ferritine à contrôler.\r\n");
        }
        int line = 0;
        while (body.length() < 3800) {
            String word = WORDS[random.nextInt(WORDS.length)];
            body.append(word);
            line += word.length() + 1;
            if (line > 70) {
                body.append("\r\n");
                line = 0;
            } else {
                body.append(' ');
            }
        }
        String from = "laboratoire" + (n % 37) + "@bench.localhost";
        return ("From: " + from + "\r\nTo: bench@bench.localhost\r\n"
            + "Subject: " + MimeUtility.encodeText(subject, "UTF-8", "Q") + "\r\n"
            + "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.ofInstant(sent, ZoneOffset.ofHours(1)))
            + "\r\nMessage-ID: <fill-" + n + "@bench.localhost>\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + body)
            .getBytes(StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] content) {
        for (int i = 0; i + 3 < content.length; i++) {
            if (content[i] == '\r' && content[i + 1] == '\n' && content[i + 2] == '\r' && content[i + 3] == '\n') {
                return i;
            }
        }
        throw new IllegalStateException("no header end");
    }

    private static void report(PGSimpleDataSource dataSource) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet sizes = statement.executeQuery("SELECT relname, pg_size_pretty(pg_relation_size(oid)) FROM "
                 + "pg_class WHERE relname LIKE 'caducee_message%' OR relname LIKE 'caducee_mailbox_message%' "
                 + "ORDER BY relname")) {
            while (sizes.next()) {
                System.out.println("BENCH size " + sizes.getString(1) + " " + sizes.getString(2));
            }
        }
    }

    private static void explain(PGSimpleDataSource dataSource, String condition) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet plan = statement.executeQuery("EXPLAIN (ANALYZE, BUFFERS) SELECT m.uid FROM "
                 + "caducee_mailbox_message m JOIN caducee_message_search s ON s.message_id = m.message_id "
                 + "WHERE m.mailbox_id = 1 AND " + condition + " ORDER BY m.uid ASC")) {
            while (plan.next()) {
                System.out.println("BENCH plan " + plan.getString(1));
            }
        }
    }

    private static void time(PostgresMessageSearchIndex index, MailboxSession session, Mailbox inbox, String name,
                             SearchQuery query) throws Exception {
        List<Double> millis = new ArrayList<>();
        int results = 0;
        for (int run = 0; run <= RUNS; run++) {
            long before = System.nanoTime();
            results = index.search(session, inbox, query).collectList().block().size();
            double elapsed = (System.nanoTime() - before) / 1e6;
            if (run == 0) {
                System.out.printf(Locale.ROOT, "BENCH %s first_ms=%.1f%n", name, elapsed);
            } else {
                millis.add(elapsed);
            }
        }
        millis.sort(Double::compare);
        System.out.printf(Locale.ROOT, "BENCH | `%s` | %.1f / %.1f / %.1f | %d |%n", name,
            millis.get(millis.size() / 2), millis.get((int) Math.ceil(millis.size() * 0.99) - 1),
            millis.get(millis.size() - 1), results);
    }
}
