package fr.caducee.server.webmail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fr.caducee.domain.documents.AnsSamples;
import fr.caducee.domain.identifier.Finess;
import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.identifier.Ins;
import fr.caducee.domain.model.Box;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.BoxStatus;
import fr.caducee.domain.model.BoxType;
import fr.caducee.domain.model.Dispensing;
import fr.caducee.domain.model.Patient;
import fr.caducee.domain.model.PatientAddress;
import fr.caducee.domain.model.Professional;
import fr.caducee.domain.model.Structure;
import fr.caducee.rules.patients.PharmacistFirstContact;
import fr.caducee.server.storage.CountedDataSource;
import fr.caducee.server.storage.TestDatabase;
import fr.caducee.webmail.port.Conversation;
import fr.caducee.webmail.port.ConversationSummary;
import fr.caducee.webmail.port.Correspondent;
import fr.caducee.webmail.port.Download;
import fr.caducee.webmail.port.MailMessage;
import fr.caducee.webmail.port.Viewer;

/**
 * The patient's box as conversations, on a real PostgreSQL: conversations written by the conversation store as the
 * rules write them, messages stored by the mailbox store as delivery and the webmail store them.
 */
class SqlPatientMailboxTest {
    static final String DOMAIN = "chu.localhost";
    static final String GP = "dr.durand@" + DOMAIN;
    static final String CARDIOLOGY = "cardiologie@" + DOMAIN;
    static final String PHARMACIST = "pharmacien@" + DOMAIN;
    static final IdNat GP_ID = IdNat.parse("810000005479");
    static final IdNat PHARMACIST_ID = IdNat.parse("801234564894");
    static final Finess HOSPITAL = Finess.parse("750000044");
    static final Finess PHARMACY = Finess.parse("750000051");
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @RegisterExtension
    static final TestDatabase DATABASE = new TestDatabase(8);
    static PatientBoxes boxes;
    static CountedDataSource counted;
    static SqlPatientMailbox mailbox;
    static int nextPatient;

    @BeforeAll
    static void boxesAndDirectory() {
        counted = new CountedDataSource(DATABASE.dataSource());
        boxes = new PatientBoxes(counted);
        boxes.directoryStore.putStructure(new Structure(HOSPITAL, "CHU de Lyon", "", "69000", "Lyon"));
        boxes.directoryStore.putStructure(new Structure(PHARMACY, "Pharmacie du Port", "", "69000", "Lyon"));
        boxes.directoryStore.putProfessional(new Professional(GP_ID, "DR", "DURAND", "Marie", "10", "Médecin",
            "SM54", "Médecine générale"));
        boxes.directoryStore.putProfessional(new Professional(PHARMACIST_ID, "", "PETIT", "Jean", "21", "Pharmacien",
            "", ""));
        boxes.directoryStore.putBox(new Box(BoxAddress.parse(GP), BoxType.PER, Optional.of(GP_ID), Optional.of(HOSPITAL),
            Optional.empty(), Set.of(), false, BoxStatus.ACTIVE, NOW, "", ""));
        boxes.directoryStore.putBox(new Box(BoxAddress.parse(CARDIOLOGY), BoxType.ORG, Optional.empty(),
            Optional.of(HOSPITAL), Optional.of(GP_ID), Set.of(), false, BoxStatus.ACTIVE, NOW, "Cardiologie", ""));
        boxes.directoryStore.putBox(new Box(BoxAddress.parse(PHARMACIST), BoxType.PER, Optional.of(PHARMACIST_ID),
            Optional.of(PHARMACY), Optional.empty(), Set.of(), false, BoxStatus.ACTIVE, NOW, "", ""));
        mailbox = new SqlPatientMailbox(counted, boxes.directory, boxes.directoryStore,
            new PharmacistFirstContact(boxes.directory), new SeenFlags(boxes.mailboxes));
    }

    @Test
    void theListShowsConversationsMostRecentFirstWithTheProfessionalsByNameAndWhatIsUnread() throws Exception {
        Patient patient = patient();
        String box = patient.boxAddress().address();
        String results = id();
        String appointment = id();
        String reply = id();
        boxes.conversation(box, GP, Set.of(GP), NOW.minusSeconds(7200), List.of(results, reply), Optional.empty());
        boxes.conversation(box, CARDIOLOGY, Set.of(CARDIOLOGY, GP), NOW.minusSeconds(3600), List.of(appointment),
            Optional.empty());
        boxes.store(box, "INBOX", PatientBoxes.message(GP, box, "XDM/1.0/DDM+Résultats de biologie", results,
            NOW.minusSeconds(7200), "Vos résultats sont normaux."), false, NOW.minusSeconds(7200));
        boxes.store(box, "Sent", PatientBoxes.message(box, GP, "Re: XDM/1.0/DDM+Résultats de biologie", reply,
            NOW.minusSeconds(60), "Merci docteur.", results), true, NOW.minusSeconds(60));
        boxes.store(box, "INBOX", PatientBoxes.message(CARDIOLOGY, box, "Rendez-vous", appointment,
            NOW.minusSeconds(3600), "Le 3 mars à 10 h."), false, NOW.minusSeconds(3600));

        List<ConversationSummary> list = mailbox.conversations(Viewer.self(patient), 0, 25);

        assertThat(list).extracting(ConversationSummary::subject).containsExactly("Résultats de biologie", "Rendez-vous");
        ConversationSummary first = list.get(0);
        assertThat(first.messages()).isEqualTo(2);
        assertThat(first.unread()).isEqualTo(1);
        assertThat(first.replyable()).isTrue();
        assertThat(first.closing()).isEmpty();
        assertThat(first.lastActivity()).isEqualTo(NOW.minusSeconds(60));
        assertThat(first.professionals()).singleElement().isEqualTo(new Correspondent(GP, "Dr Marie DURAND",
            Optional.of("Médecin - Médecine générale"), Optional.of("CHU de Lyon")));
        assertThat(list.get(1).professionals()).extracting(Correspondent::name)
            .containsExactly("Cardiologie - CHU de Lyon", "Dr Marie DURAND");
        assertThat(mailbox.conversationCount(Viewer.self(patient))).isEqualTo(2);
        assertThat(mailbox.conversations(Viewer.self(patient), 1, 25)).extracting(ConversationSummary::subject)
            .containsExactly("Rendez-vous");
    }

    @Test
    void aMessageOutsideEveryConversationIsOneOfItsOwnThatCannotBeRepliedTo() throws Exception {
        Patient patient = patient();
        String box = patient.boxAddress().address();
        boxes.store(box, "INBOX", PatientBoxes.message("dmp@" + DOMAIN, box, "Un document a été ajouté à votre dossier",
            id(), NOW, "Connectez-vous pour le lire."), false, NOW);

        ConversationSummary notice = mailbox.conversations(Viewer.self(patient), 0, 25).get(0);
        Conversation page = mailbox.conversation(Viewer.self(patient), notice.id()).orElseThrow();

        assertThat(notice.id()).startsWith(SqlPatientMailbox.STANDALONE);
        assertThat(notice.replyable()).isFalse();
        assertThat(notice.closing()).isEmpty();
        assertThat(notice.professionals()).extracting(Correspondent::address).containsExactly("dmp@" + DOMAIN);
        assertThat(page.messages()).singleElement().satisfies(message ->
            assertThat(message.text()).contains("Connectez-vous pour le lire.\r\n"));
        assertThat(page.replyTo()).isEmpty();
    }

    @Test
    void aClosedConversationSaysWhoClosedItAndWhenInTheSentenceTheChainGivesAReplyToIt() throws Exception {
        Patient patient = patient();
        String box = patient.boxAddress().address();
        String opening = id();
        String closing = id();
        Instant closed = NOW.minusSeconds(30);
        boxes.conversation(box, GP, Set.of(GP), NOW.minusSeconds(600), List.of(opening, closing), Optional.of(closed));
        boxes.store(box, "INBOX", PatientBoxes.message(GP, box, "Suivi", opening, NOW.minusSeconds(600), "Bonjour"),
            true, NOW.minusSeconds(600));
        boxes.store(box, "INBOX", PatientBoxes.message(GP, box, "[FIN] Suivi", closing, closed, "Au revoir", opening),
            false, closed);

        Conversation conversation = mailbox.conversation(Viewer.self(patient),
            mailbox.conversations(Viewer.self(patient), 0, 1).get(0).id()).orElseThrow();

        assertThat(conversation.summary().replyable()).isFalse();
        assertThat(conversation.replyTo()).isEmpty();
        ConversationSummary.Closing closedBy = conversation.summary().closing().orElseThrow();
        assertThat(closedBy.by().name()).isEqualTo("Dr Marie DURAND");
        assertThat(closedBy.at()).isEqualTo(closed);
        assertThat(closedBy.sentence()).startsWith(GP + " closed this conversation on ")
            .contains("you can no longer reply to it");
    }

    @Test
    void aConversationShowsItsMessagesOldestFirstWithTheirBodiesAndTheArchiveThroughItsPdf() throws Exception {
        Patient patient = patient();
        String box = patient.boxAddress().address();
        String report = id();
        String reply = id();
        boxes.conversation(box, GP, Set.of(GP), NOW.minusSeconds(900), List.of(report, reply), Optional.empty());
        byte[] archive = AnsSamples.xdm(AnsSamples.Sample.IMAGING.bytes());
        boxes.store(box, "INBOX", PatientBoxes.withAttachments(GP, box, "XDM/1.0/DDM+Radio de hanche", report,
            NOW.minusSeconds(900), "Voici le compte rendu.", "<p>Voici le <b>compte rendu</b>.</p>", List.of(
                new PatientBoxes.Attachment("IHE_XDM.ZIP", "application/zip", archive),
                new PatientBoxes.Attachment("C:\\\\Users\\\\secretariat\\\\ordonnance.pdf", "application/pdf",
                    "%PDF-1.4 ordonnance".getBytes(StandardCharsets.US_ASCII)))), false, NOW.minusSeconds(900));
        boxes.store(box, "Sent", PatientBoxes.message(box, GP, "Re: Radio de hanche", reply, NOW.minusSeconds(100),
            "Merci.", report), true, NOW.minusSeconds(100));
        Viewer viewer = Viewer.self(patient);
        String id = mailbox.conversations(viewer, 0, 1).get(0).id();

        Conversation conversation = mailbox.conversation(viewer, id).orElseThrow();

        assertThat(conversation.summary().subject()).isEqualTo("Radio de hanche");
        assertThat(conversation.replyTo()).extracting(Correspondent::address).containsExactly(GP);
        assertThat(conversation.messages()).hasSize(2);
        MailMessage received = conversation.messages().get(0);
        assertThat(received.fromPatient()).isFalse();
        assertThat(received.seen()).isFalse();
        assertThat(received.subject()).isEqualTo("Radio de hanche");
        assertThat(received.messageId()).isEqualTo(report);
        assertThat(received.date()).isEqualTo(NOW.minusSeconds(900));
        assertThat(received.text()).hasValueSatisfying(text -> assertThat(text).contains("Voici le compte rendu."));
        assertThat(received.html()).hasValueSatisfying(html -> assertThat(html).contains("<b>compte rendu</b>"));
        assertThat(received.attachments()).extracting(MailMessage.AttachmentInfo::fileName)
            .containsExactly("Radio de hanche.pdf", "ordonnance.pdf");
        assertThat(received.attachments().get(0).pdfRendition()).isTrue();
        assertThat(received.attachments().get(0).mediaType()).isEqualTo("application/pdf");
        MailMessage sent = conversation.messages().get(1);
        assertThat(sent.fromPatient()).isTrue();
        assertThat(sent.seen()).isTrue();
        assertThat(sent.references()).containsExactly(report);

        Download pdf = mailbox.attachment(viewer, received.ref(), 0).orElseThrow();
        assertThat(new String(pdf.content(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        assertThat(pdf.content().length).isEqualTo((int) received.attachments().get(0).size());
        assertThat(mailbox.attachment(viewer, received.ref(), 1).orElseThrow().fileName()).isEqualTo("ordonnance.pdf");
        assertThat(mailbox.attachment(viewer, received.ref(), 2)).isEmpty();
        assertThat(mailbox.conversation(viewer, id).orElseThrow().messages().get(0).seen())
            .as("reading a conversation does not mark it seen").isFalse();
    }

    @Test
    void markingAConversationSeenGoesThroughTheMailboxSoThatItsModSequenceMoves() throws Exception {
        Patient patient = patient();
        String box = patient.boxAddress().address();
        String first = id();
        String second = id();
        boxes.conversation(box, GP, Set.of(GP), NOW, List.of(first, second), Optional.empty());
        boxes.store(box, "INBOX", PatientBoxes.message(GP, box, "Un", first, NOW, "1"), false, NOW);
        boxes.store(box, "INBOX", PatientBoxes.message(GP, box, "Deux", second, NOW, "2", first), false, NOW);
        Viewer viewer = Viewer.self(patient);
        String id = mailbox.conversations(viewer, 0, 1).get(0).id();
        long modSeqBefore = highestModSeq(box);

        mailbox.markSeen(viewer, id);

        assertThat(mailbox.conversations(viewer, 0, 1).get(0).unread()).isZero();
        assertThat(mailbox.conversation(viewer, id).orElseThrow().messages()).allMatch(MailMessage::seen);
        assertThat(highestModSeq(box)).isGreaterThan(modSeqBefore);
    }

    @Test
    void anotherBoxsConversationsMessagesAndAttachmentsAreUnknownHere() throws Exception {
        Patient owner = patient();
        Patient stranger = patient();
        String box = owner.boxAddress().address();
        String opening = id();
        boxes.conversation(box, GP, Set.of(GP), NOW, List.of(opening), Optional.empty());
        boxes.store(box, "INBOX", PatientBoxes.withAttachments(GP, box, "Privé", opening, NOW, "texte", "<p>texte</p>",
            List.of(new PatientBoxes.Attachment("bilan.pdf", "application/pdf", "%PDF-1.4".getBytes(StandardCharsets.US_ASCII)))),
            false, NOW);
        ConversationSummary theirs = mailbox.conversations(Viewer.self(owner), 0, 1).get(0);
        String ref = mailbox.conversation(Viewer.self(owner), theirs.id()).orElseThrow().messages().get(0).ref();
        Viewer other = Viewer.self(stranger);

        assertThat(mailbox.conversation(other, theirs.id())).isEmpty();
        assertThat(mailbox.conversation(other, SqlPatientMailbox.STANDALONE + ref)).isEmpty();
        assertThat(mailbox.attachment(other, ref, 0)).isEmpty();
        assertThat(mailbox.conversations(other, 0, 25)).isEmpty();
        mailbox.markSeen(other, theirs.id());
        assertThat(mailbox.conversations(Viewer.self(owner), 0, 1).get(0).unread()).isEqualTo(1);
        assertThat(mailbox.conversation(Viewer.self(owner), "../" + theirs.id())).isEmpty();
        assertThat(mailbox.attachment(Viewer.self(owner), "' OR 1=1 --", 0)).isEmpty();
    }

    @Test
    void aPageOfTheListIsTheSameFewStatementsWhateverTheNumberOfConversations() throws Exception {
        Patient few = patient();
        Patient many = patient();
        seed(few.boxAddress().address(), 3);
        seed(many.boxAddress().address(), 40);

        long forFew = statements(() -> mailbox.conversations(Viewer.self(few), 0, 25));
        long forMany = statements(() -> mailbox.conversations(Viewer.self(many), 0, 25));

        assertThat(forMany).isEqualTo(forFew).isLessThanOrEqualTo(2);
        assertThat(mailbox.conversations(Viewer.self(many), 0, 25)).hasSize(25);
        assertThat(mailbox.conversationCount(Viewer.self(many))).isEqualTo(40);
    }

    @Test
    void newMessagesGoOnlyToPharmaciesWhereTheDirectoryRecordsARecentDispensing() {
        Patient recent = patient(new Dispensing(PHARMACY, LocalDate.now().minusMonths(2)));
        Patient old = patient(new Dispensing(PHARMACY, LocalDate.now().minusMonths(14)));

        assertThat(mailbox.pharmacies(Viewer.self(recent))).singleElement().isEqualTo(new Correspondent(PHARMACIST,
            "Jean PETIT", Optional.of("Pharmacien"), Optional.of("Pharmacie du Port")));
        assertThat(mailbox.pharmacies(Viewer.self(old))).isEmpty();
        assertThat(mailbox.pharmacies(Viewer.self(patient()))).isEmpty();
    }

    /** {@code count} conversations opened by the GP, one message each. */
    static void seed(String box, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            String messageId = id();
            Instant at = NOW.minusSeconds(10_000 - i);
            boxes.conversation(box, GP, Set.of(GP), at, List.of(messageId), Optional.empty());
            boxes.store(box, "INBOX", PatientBoxes.message(GP, box, "Message " + i, messageId, at, "texte " + i), false,
                at);
        }
    }

    static long statements(Runnable read) {
        long before = counted.statements();
        read.run();
        return counted.statements() - before;
    }

    static long highestModSeq(String box) throws Exception {
        return DATABASE.count("SELECT highest_modseq FROM caducee_mailbox WHERE owner = '" + box + "' AND name = 'INBOX'");
    }

    /** A new patient of this operator for each test, so that tests share the database and nothing else. */
    static synchronized Patient patient(Dispensing... dispensings) {
        String body = String.format("1850175%06d", ++nextPatient);
        Ins ins = Ins.parse(body + String.format("%02d", 97 - Long.parseLong(body) % 97));
        Patient patient = new Patient(ins, "MARTIN", "Paul", Optional.empty(), PatientAddress.of(ins, DOMAIN),
            BoxStatus.ACTIVE, NOW, List.of(dispensings));
        boxes.directoryStore.putPatient(patient);
        return patient;
    }

    static String id() {
        return "<" + UUID.randomUUID() + "@" + DOMAIN + ">";
    }
}
