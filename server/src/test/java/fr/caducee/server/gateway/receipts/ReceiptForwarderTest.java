package fr.caducee.server.gateway.receipts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import fr.caducee.gateway.report.BusinessReceipts;
import fr.caducee.gateway.report.ReceiptsBack;
import fr.caducee.server.receipts.JdbcReceiptStore;
import fr.caducee.server.receipts.Receipt;
import fr.caducee.server.receipts.SentMessage;

class ReceiptForwarderTest {
    static final Instant T0 = Instant.parse("2027-01-10T09:00:00Z");
    static final String HOSPITAL = "sih@chu-exemple.caducee.test";
    static final String GP = "adam.hoda@caducee.test";
    static final String RECORD = "dmp@caducee.test";
    static final String PROFESSIONAL_MAIL = "<gw.professional@caducee.test>";
    static final String RECORD_MAIL = "<gw.record@caducee.test>";

    static ReturnsDatabase database;
    JdbcReceiptStore receipts;
    JdbcReturnQueue queue;
    Instant now = T0.plusSeconds(60);

    @BeforeAll
    static void startPostgresql() throws Exception {
        database = ReturnsDatabase.start("forwarder");
    }

    @AfterAll
    static void stopPostgresql() throws Exception {
        database.close();
    }

    @BeforeEach
    void emptyTables() throws Exception {
        database.empty();
        receipts = new JdbcReceiptStore(database.dataSource);
        queue = new JdbcReturnQueue(database.dataSource);
    }

    private ReceiptForwarder forwarder() {
        return new ReceiptForwarder(database.dataSource, queue, new ReceiptsBack(new BusinessReceipts(), queue),
            new Clock() {
                @Override
                public java.time.ZoneId getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(java.time.ZoneId zone) {
                    return this;
                }

                @Override
                public Instant instant() {
                    return now;
                }
            });
    }

    @Test
    void aDeliveryDsnAboutAProfessionalsMailBecomesAZ02ForTheHospital() throws Exception {
        database.answered(HOSPITAL, "015", T0);
        database.mail(PROFESSIONAL_MAIL, HOSPITAL, "015", "PROFESSIONAL", GP, Optional.of("801234567897"), true, false, T0);
        long sent = sent("mail-1", PROFESSIONAL_MAIL, GP);
        receipts.addReceipt(sent, new Receipt(GP, Receipt.Kind.DSN, "delivered", Optional.of("2.0.0"), Optional.empty(),
            "<dsn-1@caducee.test>", T0.plusSeconds(5)));

        assertThat(forwarder().forward()).isEqualTo(1);

        List<ReturnsDatabase.Returned> zams = database.returned();
        assertThat(zams).singleElement().satisfies(zam -> {
            assertThat(zam.peerBox()).isEqualTo(HOSPITAL);
            assertThat(zam.kind()).isEqualTo("Z02");
            assertThat(zam.source()).startsWith("receipt:");
            assertThat(zam.message()).contains("ZAM^Z02").contains("ACK_RECEPTION_MSS").contains(GP)
                .contains("801234567897").contains("|015|");
            assertThat(zam.message()).as("back to the sender: its MSH-5/6 are the original's MSH-3/4")
                .startsWith("MSH|^~\\&|PFI-X|Organisation-X|SIL-Y|labo|");
        });
    }

    @Test
    void theSameReceiptsLookedAtAgainOrAfterARestartAddNothing() throws Exception {
        database.answered(HOSPITAL, "015", T0);
        database.mail(PROFESSIONAL_MAIL, HOSPITAL, "015", "PROFESSIONAL", GP, Optional.empty(), true, true, T0);
        long sent = sent("mail-1", PROFESSIONAL_MAIL, GP);
        receipts.addReceipt(sent, new Receipt(GP, Receipt.Kind.DSN, "delivered", Optional.of("2.0.0"), Optional.empty(),
            "<dsn-1@caducee.test>", T0.plusSeconds(5)));
        ReceiptForwarder forwarder = forwarder();
        assertThat(forwarder.forward()).isEqualTo(1);
        assertThat(forwarder.forward()).isZero();

        receipts.addReceipt(sent, new Receipt(GP, Receipt.Kind.MDN, "displayed", Optional.empty(), Optional.empty(),
            "<mdn-1@caducee.test>", now.minusSeconds(1)));
        now = now.plusSeconds(3600);
        assertThat(forwarder().forward()).as("a new forwarder, as after a start, finds the MDN and only it").isEqualTo(1);

        assertThat(database.returned()).extracting(ReturnsDatabase.Returned::kind).containsExactly("Z02", "Z03");
    }

    @Test
    void theRecordsErrorMdnBecomesANegativeZ01WithItsCode() throws Exception {
        database.answered(HOSPITAL, "015", T0);
        database.mail(RECORD_MAIL, HOSPITAL, "015", "RECORD", RECORD, Optional.empty(), false, false, T0);
        long sent = sent("mail-2", RECORD_MAIL, RECORD);
        receipts.addReceipt(sent, new Receipt(RECORD, Receipt.Kind.MDN, Receipt.ERROR, Optional.of("902"),
            Optional.of("Identifiant de patient inconnu"), "<mdn-2@caducee.test>", T0.plusSeconds(3)));

        forwarder().forward();

        assertThat(database.returned()).singleElement().satisfies(zam -> {
            assertThat(zam.kind()).isEqualTo("Z01");
            assertThat(zam.message()).contains("ZAM^Z01").contains("ACK_RECEPTION_DMP").contains("902");
        });
    }

    @Test
    void aReceiptWaitsUntilItsMessageIsAnsweredThenGoesBack() throws Exception {
        database.mail(PROFESSIONAL_MAIL, HOSPITAL, "016", "PROFESSIONAL", GP, Optional.empty(), true, false, T0);
        long sent = sent("mail-3", PROFESSIONAL_MAIL, GP);
        receipts.addReceipt(sent, new Receipt(GP, Receipt.Kind.DSN, "failed", Optional.of("5.2.1"),
            Optional.of("box suspended"), "<dsn-3@caducee.test>", T0.plusSeconds(2)));
        ReceiptForwarder forwarder = forwarder();
        assertThat(forwarder.forward()).isZero();

        now = now.plusSeconds(600);
        database.answered(HOSPITAL, "016", now);
        assertThat(forwarder.forward()).as("looked at again, though it arrived before the last look").isEqualTo(1);
        assertThat(database.returned()).singleElement().satisfies(zam -> assertThat(zam.message()).contains("5.2.1"));
    }

    @Test
    void receiptsOfOtherMailsOfTheBoxAreNotTheGatewaysBusiness() throws Exception {
        long sent = sent("mail-4", "<by-hand@caducee.test>", GP);
        receipts.addReceipt(sent, new Receipt(GP, Receipt.Kind.DSN, "failed", Optional.of("5.1.1"), Optional.empty(),
            "<dsn-4@caducee.test>", T0.plusSeconds(2)));

        assertThat(forwarder().forward()).isZero();
        assertThat(database.returned()).isEmpty();
    }

    private long sent(String mailName, String messageId, String recipient) {
        receipts.recordSent(mailName, HOSPITAL, Optional.of(messageId), Optional.empty(),
            List.of(new SentMessage.Recipient(recipient, Optional.empty())), T0.plusSeconds(1));
        return receipts.findSent(HOSPITAL, Optional.of(messageId), Optional.empty()).orElseThrow().id();
    }
}
