package fr.caducee.server.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.RawMailQueueItemDecoratorFactory;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Mail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fr.caducee.records.Deposit;
import fr.caducee.records.DepositOutcome;
import fr.caducee.records.DepositRefusal;
import fr.caducee.records.DocumentAction;
import fr.caducee.records.DocumentDeposit;
import fr.caducee.records.DocumentStatus;
import fr.caducee.records.IntegrationError;
import fr.caducee.server.storage.spool.PostgresMailQueue;
import fr.caducee.server.storage.spool.PostgresMailQueueFactory;

/** The record's store on a real PostgreSQL: a deposit, its deposit row and its mails in one transaction. */
class JdbcRecordStoreTest {
    @RegisterExtension
    static final RecordDatabase DATABASE = new RecordDatabase();
    static final String BOX = "dmp@chu.localhost";
    static final String SENDER = "dpi@chu.localhost";
    static final String INS = "146026322000196";

    private JdbcRecordStore store;
    private PostgresMailQueueFactory queues;
    private PostgresMailQueue spool;

    @BeforeEach
    void setUp() throws Exception {
        store = new JdbcRecordStore(DATABASE.dataSource());
        DATABASE.empty();
        queues = new PostgresMailQueueFactory(DATABASE.dataSource(), new RawMailQueueItemDecoratorFactory());
        spool = queues.createQueue(MailQueueFactory.SPOOL);
    }

    @AfterEach
    void tearDown() {
        queues.stop();
    }

    @Test
    void aNewDocumentIsStoredWithItsBytesAndDigestAndItsReceiptIsSpooledWithIt() throws Exception {
        DocumentDeposit report = document("1.2.250.1.1^doc-1", "set-1", 1, DocumentAction.NEW, null);

        Handling handling = store.handle("<m1@chu>", BOX, SENDER, accepted("<m1@chu>", report), this::oneReceipt, spool);

        assertThat(handling).isInstanceOf(Handling.Integrated.class);
        assertThat(((Handling.Integrated) handling).duplicate()).isFalse();
        assertThat(DATABASE.text("SELECT encode(sha256, 'hex') FROM record_document WHERE unique_id = '1.2.250.1.1^doc-1'"))
            .isEqualTo(HexFormat.of().formatHex(JdbcRecordStore.sha256(report.content())));
        assertThat(DATABASE.text("SELECT convert_from(content, 'UTF8') FROM record_document")).isEqualTo("<ClinicalDocument/>");
        assertThat(DATABASE.text("SELECT array_to_string(confidentiality, ',') FROM record_document")).isEqualTo("N");
        assertThat(DATABASE.text("SELECT outcome FROM record_deposit WHERE message_id = '<m1@chu>'")).isEqualTo("stored");
        assertThat(spooled()).isEqualTo(1);
        assertThat(store.byUniqueId("1.2.250.1.1^doc-1")).get().extracting(v -> v.status()).isEqualTo(DocumentStatus.CURRENT);
        assertThat(store.currentOfSet("set-1")).get().extracting(v -> v.uniqueId()).isEqualTo("1.2.250.1.1^doc-1");
    }

    @Test
    void theSameMessageHandledAgainDoesNothingMore() throws Exception {
        DocumentDeposit report = document("doc-1", "set-1", 1, DocumentAction.NEW, null);
        store.handle("<m1@chu>", BOX, SENDER, accepted("<m1@chu>", report), this::oneReceipt, spool);

        Handling again = store.handle("<m1@chu>", BOX, SENDER, accepted("<m1@chu>", report), this::oneReceipt, spool);

        assertThat(again).isInstanceOf(Handling.AlreadyHandled.class);
        assertThat(store.handled("<m1@chu>", BOX)).isTrue();
        assertThat(DATABASE.count("SELECT count(*) FROM record_document")).isEqualTo(1);
        assertThat(spooled()).isEqualTo(1);
    }

    @Test
    void aSecondIdenticalDepositIsAcknowledgedAndNotStoredTwice() throws Exception {
        DocumentDeposit report = document("doc-1", "set-1", 1, DocumentAction.NEW, null);
        store.handle("<m1@chu>", BOX, SENDER, accepted("<m1@chu>", report), this::oneReceipt, spool);

        Handling second = store.handle("<m2@chu>", BOX, SENDER, accepted("<m2@chu>", report), this::oneReceipt, spool);

        assertThat(((Handling.Integrated) second).duplicate()).isTrue();
        assertThat(DATABASE.count("SELECT count(*) FROM record_document")).isEqualTo(1);
        assertThat(DATABASE.text("SELECT outcome FROM record_deposit WHERE message_id = '<m2@chu>'")).isEqualTo("duplicate");
        assertThat(spooled()).isEqualTo(2);
    }

    @Test
    void anotherDocumentUnderAnIdAlreadyStoredIsRefusedWith906() throws Exception {
        store.handle("<m1@chu>", BOX, SENDER, accepted("<m1@chu>", document("doc-1", "set-1", 1, DocumentAction.NEW, null)),
            this::oneReceipt, spool);
        DocumentDeposit other = new DocumentDeposit("doc-1", "set-9", 1, DocumentAction.NEW, Optional.empty(), INS,
            "1.2.250.1.213.1.4.8", "810000005479", "11502-2", "Autre", Set.of("N"), Optional.empty(), "text/xml",
            "<Other/>".getBytes(StandardCharsets.UTF_8));

        Handling refused = store.handle("<m2@chu>", BOX, SENDER, accepted("<m2@chu>", other), this::oneReceipt, spool);

        assertThat(((Handling.Refused) refused).refusal().error()).isEqualTo(IntegrationError.OTHER);
        assertThat(DATABASE.count("SELECT count(*) FROM record_document")).isEqualTo(1);
    }

    @Test
    void aReplacementKeepsThePreviousVersionAsSuperseded() throws Exception {
        store.handle("<m1@chu>", BOX, SENDER, accepted("<m1@chu>", document("doc-1", "set-1", 1, DocumentAction.NEW, null)),
            this::oneReceipt, spool);

        Handling replaced = store.handle("<m2@chu>", BOX, SENDER,
            accepted("<m2@chu>", document("doc-2", "set-1", 2, DocumentAction.REPLACE, "doc-1")), this::oneReceipt, spool);

        assertThat(replaced).isInstanceOf(Handling.Integrated.class);
        assertThat(store.byUniqueId("doc-1").orElseThrow().status()).isEqualTo(DocumentStatus.SUPERSEDED);
        assertThat(DATABASE.count("SELECT count(*) FROM record_document WHERE unique_id = 'doc-1' "
            + "AND status_changed_at IS NOT NULL")).isEqualTo(1);
        assertThat(store.currentOfSet("set-1").orElseThrow().uniqueId()).isEqualTo("doc-2");
        assertThat(DATABASE.count("SELECT count(*) FROM record_document n JOIN record_document o ON n.replaces = o.id "
            + "WHERE n.unique_id = 'doc-2' AND o.unique_id = 'doc-1'")).isEqualTo(1);
    }

    @Test
    void aDeletionHidesTheCurrentVersionAndKeepsIt() throws Exception {
        store.handle("<m1@chu>", BOX, SENDER, accepted("<m1@chu>", document("doc-1", "set-1", 1, DocumentAction.NEW, null)),
            this::oneReceipt, spool);

        Handling deleted = store.handle("<m2@chu>", BOX, SENDER,
            accepted("<m2@chu>", document("doc-1", "set-1", 1, DocumentAction.DELETE, "doc-1")), this::oneReceipt, spool);

        assertThat(deleted).isInstanceOf(Handling.Integrated.class);
        assertThat(store.byUniqueId("doc-1").orElseThrow().status()).isEqualTo(DocumentStatus.DELETED);
        assertThat(store.currentOfSet("set-1")).isEmpty();
        assertThat(DATABASE.count("SELECT count(*) FROM record_document")).isEqualTo(1);

        Handling again = store.handle("<m3@chu>", BOX, SENDER,
            accepted("<m3@chu>", document("doc-1", "set-1", 1, DocumentAction.DELETE, "doc-1")), this::oneReceipt, spool);
        assertThat(((Handling.Integrated) again).duplicate()).isTrue();
    }

    @Test
    void aReplacementOfAVersionThatIsNotCurrentIsRefusedWith900AndNothingOfItStays() throws Exception {
        store.handle("<m1@chu>", BOX, SENDER, accepted("<m1@chu>", document("doc-1", "set-1", 1, DocumentAction.NEW, null)),
            this::oneReceipt, spool);
        store.handle("<m2@chu>", BOX, SENDER,
            accepted("<m2@chu>", document("doc-2", "set-1", 2, DocumentAction.REPLACE, "doc-1")), this::oneReceipt, spool);

        Handling refused = store.handle("<m3@chu>", BOX, SENDER, new DepositOutcome.Accepted(new Deposit(SENDER,
            "<m3@chu>", List.of(document("doc-4", "set-4", 1, DocumentAction.NEW, null),
                document("doc-3", "set-1", 3, DocumentAction.REPLACE, "doc-1")))), this::oneReceipt, spool);

        assertThat(((Handling.Refused) refused).refusal().error()).isEqualTo(IntegrationError.WRONG_VERSION);
        assertThat(store.byUniqueId("doc-4")).isEmpty();
        assertThat(store.currentOfSet("set-1").orElseThrow().uniqueId()).isEqualTo("doc-2");
        assertThat(DATABASE.text("SELECT outcome || ' ' || error_code FROM record_deposit WHERE message_id = '<m3@chu>'"))
            .isEqualTo("refused 900");
        assertThat(spooled()).isEqualTo(3);
    }

    @Test
    void aRefusalStoresNothingButTheDepositRowAndTheReceipt() throws Exception {
        Handling refused = store.handle("<m1@chu>", BOX, SENDER, new DepositOutcome.Refused(new DepositRefusal(
            IntegrationError.UNKNOWN_PATIENT, "record-patient-unknown", "unknown")), this::oneReceipt, spool);

        assertThat(refused).isInstanceOf(Handling.Refused.class);
        assertThat(DATABASE.count("SELECT count(*) FROM record_document")).isZero();
        assertThat(DATABASE.text("SELECT rule FROM record_deposit")).isEqualTo("record-patient-unknown");
        assertThat(spooled()).isEqualTo(1);
    }

    @Test
    void whenTheReceiptCannotBeWrittenNothingIsStoredAndTheMessageCanBeHandledAgain() throws Exception {
        DocumentDeposit report = document("doc-1", "set-1", 1, DocumentAction.NEW, null);

        assertThatThrownBy(() -> store.handle("<m1@chu>", BOX, SENDER, accepted("<m1@chu>", report), handling -> {
            throw new MessagingException("receipt failed");
        }, spool)).isInstanceOf(MessagingException.class);

        assertThat(DATABASE.count("SELECT count(*) FROM record_document")).isZero();
        assertThat(store.handled("<m1@chu>", BOX)).isFalse();
        assertThat(store.handle("<m1@chu>", BOX, SENDER, accepted("<m1@chu>", report), this::oneReceipt, spool))
            .isInstanceOf(Handling.Integrated.class);
    }

    private long spooled() throws Exception {
        return DATABASE.count("SELECT count(*) FROM caducee_spool WHERE queue_name = 'spool'");
    }

    private List<Mail> oneReceipt(Handling handling) throws MessagingException {
        MimeMessage receipt = new MimeMessage(Session.getInstance(new Properties()));
        receipt.setText("receipt of " + handling);
        receipt.saveChanges();
        return List.of(MailImpl.builder().name("receipt-" + System.nanoTime()).addRecipient(new MailAddress(SENDER))
            .mimeMessage(receipt).build());
    }

    static DepositOutcome accepted(String messageId, DocumentDeposit document) {
        return new DepositOutcome.Accepted(new Deposit(SENDER, messageId, List.of(document)));
    }

    static DocumentDeposit document(String uniqueId, String setId, int version, DocumentAction action, String replaces) {
        return new DocumentDeposit(uniqueId, setId, version, action, Optional.ofNullable(replaces), INS,
            "1.2.250.1.213.1.4.8", "810000005479", "11502-2", "Compte rendu de biologie", Set.of("N"),
            Optional.of(Instant.parse("2026-12-01T10:00:00Z")), "text/xml",
            "<ClinicalDocument/>".getBytes(StandardCharsets.UTF_8));
    }
}
