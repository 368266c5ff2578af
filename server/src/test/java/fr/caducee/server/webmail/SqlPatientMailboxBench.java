package fr.caducee.server.webmail;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fr.caducee.domain.identifier.Ins;
import fr.caducee.domain.model.BoxStatus;
import fr.caducee.domain.model.Patient;
import fr.caducee.domain.model.PatientAddress;
import fr.caducee.rules.patients.PharmacistFirstContact;
import fr.caducee.server.storage.CountedDataSource;
import fr.caducee.server.storage.TestDatabase;
import fr.caducee.webmail.port.Conversation;
import fr.caducee.webmail.port.ConversationSummary;
import fr.caducee.webmail.port.Viewer;

/**
 * Not part of the suite (no Test suffix): the webmail's read model with a patient whose box holds 1,000
 * conversations (a received message and a reply each), 50 notices outside any conversation and one conversation of
 * 100 messages, on a real PostgreSQL. Server time of the list's pages, of the count and of the long conversation's
 * page, p50 and p99, and the statements each takes. Run it alone:
 * {@code mvn -B -o -pl server -am test -Dtest=SqlPatientMailboxBench -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class SqlPatientMailboxBench {
    static final String DOMAIN = "bench.localhost";
    static final String GP = "dr.mesure@" + DOMAIN;
    static final int CONVERSATIONS = 1_000;
    static final int LONG_CONVERSATION = 100;
    static final int NOTICES = 50;
    static final int ROUNDS = 500;
    /** Other patients' boxes and conversations, so that every statement must find this box's rows among others. */
    static final int OTHER_PATIENTS = 20;
    static final int OTHER_MESSAGES = 50;
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @RegisterExtension
    static final TestDatabase DATABASE = new TestDatabase(8);
    static PatientBoxes boxes;
    static CountedDataSource counted;
    static SqlPatientMailbox mailbox;
    static Viewer viewer;
    static String longConversation;

    @BeforeAll
    static void aBoxOfAThousandConversations() throws Exception {
        counted = new CountedDataSource(DATABASE.dataSource());
        boxes = new PatientBoxes(counted);
        mailbox = new SqlPatientMailbox(counted, boxes.directory, boxes.directoryStore,
            new PharmacistFirstContact(boxes.directory), new SeenFlags(boxes.mailboxes));
        Ins ins = Ins.parse("146026322000196");
        Patient patient = new Patient(ins, "MESURE", "Paul", Optional.empty(), PatientAddress.of(ins, DOMAIN),
            BoxStatus.ACTIVE, NOW, List.of());
        boxes.directoryStore.putPatient(patient);
        viewer = Viewer.self(patient);
        String box = patient.boxAddress().address();
        long start = System.nanoTime();
        for (int i = 0; i < CONVERSATIONS; i++) {
            Instant at = NOW.minusSeconds(10L * (CONVERSATIONS - i));
            String received = id();
            String reply = id();
            boxes.conversation(box, GP, Set.of(GP), at, List.of(received, reply), Optional.empty());
            boxes.store(box, "INBOX", PatientBoxes.message(GP, box, "XDM/1.0/DDM+Compte rendu " + i, received, at,
                "Compte rendu " + i), true, at);
            boxes.store(box, "Sent", PatientBoxes.message(box, GP, "Re: Compte rendu " + i, reply, at.plusSeconds(5),
                "Merci " + i, received), true, at.plusSeconds(5));
        }
        for (int i = 0; i < NOTICES; i++) {
            Instant at = NOW.minusSeconds(7L * i);
            boxes.store(box, "INBOX", PatientBoxes.message("dmp@" + DOMAIN, box, "Nouveau document " + i, id(), at,
                "Un document a été ajouté."), i % 2 == 0, at);
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < LONG_CONVERSATION; i++) {
            ids.add(id());
        }
        longConversation = boxes.conversation(box, GP, Set.of(GP), NOW.minusSeconds(20_000), ids, Optional.empty());
        for (int i = 0; i < LONG_CONVERSATION; i++) {
            Instant at = NOW.minusSeconds(20_000 - 60L * i);
            boolean fromGp = i % 2 == 0;
            boxes.store(box, fromGp ? "INBOX" : "Sent", PatientBoxes.message(fromGp ? GP : box, fromGp ? box : GP,
                "Suivi " + i, ids.get(i), at, "Message " + i + " d'un long suivi.\n".repeat(20),
                i == 0 ? new String[0] : new String[] {ids.get(i - 1)}), !fromGp, at);
        }
        for (int p = 0; p < OTHER_PATIENTS; p++) {
            String body = String.format("2850175%06d", p);
            Ins other = Ins.parse(body + String.format("%02d", 97 - Long.parseLong(body) % 97));
            String otherBox = PatientAddress.of(other, DOMAIN).address().address();
            for (int i = 0; i < OTHER_MESSAGES; i++) {
                String messageId = id();
                Instant at = NOW.minusSeconds(13L * i);
                boxes.conversation(otherBox, GP, Set.of(GP), at, List.of(messageId), Optional.empty());
                boxes.store(otherBox, "INBOX", PatientBoxes.message(GP, otherBox, "Autre " + i, messageId, at, "texte"),
                    false, at);
            }
        }
        try (Connection connection = counted.getConnection(); Statement analyze = connection.createStatement()) {
            analyze.execute("ANALYZE");
        }
        System.out.printf("seeded %d conversations, %d notices and a conversation of %d messages, and %d other boxes of "
            + "%d conversations, in %.1f s%n", CONVERSATIONS, NOTICES, LONG_CONVERSATION, OTHER_PATIENTS, OTHER_MESSAGES,
            (System.nanoTime() - start) / 1e9);
    }

    @Test
    void theListAndALongConversationWithAThousandConversationsInTheBox() throws Exception {
        assertThat(mailbox.conversationCount(viewer)).isEqualTo(CONVERSATIONS + NOTICES + 1);
        Random random = new Random(17);
        int pages = (CONVERSATIONS + NOTICES + 1 + 24) / 25;
        for (int i = 0; i < 50; i++) {
            mailbox.conversations(viewer, 0, 25);
            mailbox.conversation(viewer, longConversation);
        }
        List<Long> firstPage = new ArrayList<>();
        List<Long> anyPage = new ArrayList<>();
        List<Long> count = new ArrayList<>();
        List<Long> conversation = new ArrayList<>();
        long statementsBefore;
        long[] statements = new long[4];
        for (int i = 0; i < ROUNDS; i++) {
            statementsBefore = counted.statements();
            firstPage.add(time(() -> mailbox.conversations(viewer, 0, 25)));
            statements[0] = counted.statements() - statementsBefore;
            int offset = 25 * random.nextInt(pages);
            statementsBefore = counted.statements();
            anyPage.add(time(() -> mailbox.conversations(viewer, offset, 25)));
            statements[1] = counted.statements() - statementsBefore;
            statementsBefore = counted.statements();
            count.add(time(() -> mailbox.conversationCount(viewer)));
            statements[2] = counted.statements() - statementsBefore;
            statementsBefore = counted.statements();
            conversation.add(time(() -> mailbox.conversation(viewer, longConversation)));
            statements[3] = counted.statements() - statementsBefore;
        }
        report("list, first page of 25", firstPage, statements[0]);
        report("list, any page of 25", anyPage, statements[1]);
        report("count of conversations", count, statements[2]);
        report("conversation of 100 messages", conversation, statements[3]);
        System.out.println(plan());

        List<ConversationSummary> first = mailbox.conversations(viewer, 0, 25);
        assertThat(first).hasSize(25);
        Conversation longOne = mailbox.conversation(viewer, longConversation).orElseThrow();
        assertThat(longOne.messages()).hasSize(LONG_CONVERSATION);
        assertThat(statements[0]).isEqualTo(2);
        assertThat(statements[3]).isEqualTo(2);
    }

    private static <T> long time(Supplier<T> read) {
        long start = System.nanoTime();
        read.get();
        return System.nanoTime() - start;
    }

    private static void report(String what, List<Long> nanos, long statements) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        System.out.printf("%-32s p50 %7.2f ms   p99 %7.2f ms   max %7.2f ms   %d statements%n", what,
            sorted.get(sorted.size() / 2) / 1e6, sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1) / 1e6,
            sorted.get(sorted.size() - 1) / 1e6, statements);
    }

    /** PostgreSQL's plan of the list's first statement, for the record. */
    private static String plan() throws Exception {
        String sql = SqlPatientMailbox.pageStatement().replaceFirst("\\?", "'" + viewer.boxAddress() + "'")
            .replaceFirst("\\?", "'" + viewer.boxAddress() + "'").replaceFirst("\\?", "25").replaceFirst("\\?", "0");
        StringBuilder plan = new StringBuilder();
        try (Connection connection = DATABASE.dataSource().getConnection();
             Statement explain = connection.createStatement();
             ResultSet rows = explain.executeQuery("EXPLAIN (ANALYZE, BUFFERS) " + sql)) {
            while (rows.next()) {
                plan.append(rows.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }

    static String id() {
        return "<" + UUID.randomUUID() + "@" + DOMAIN + ">";
    }
}
