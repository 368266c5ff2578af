package fr.caducee.gateway.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import javax.mail.BodyPart;
import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

import fr.caducee.domain.documents.AnsSamples;
import fr.caducee.domain.documents.AnsSamples.Sample;
import fr.caducee.domain.documents.ConfidentialityCodes;
import fr.caducee.domain.documents.XdmArchive;
import fr.caducee.domain.documents.XdmAssociation;
import fr.caducee.domain.documents.XdmPackage;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.gateway.DependencyUnavailableException;
import fr.caducee.gateway.GatewayMessageIds;
import fr.caducee.gateway.GatewayMessageIds.Purpose;
import fr.caducee.gateway.Peer;
import fr.caducee.gateway.message.Hl7Reader;
import fr.caducee.gateway.message.Hl7Refusal;
import fr.caducee.gateway.message.Inbound;
import fr.caducee.gateway.port.Outbox;
import fr.caducee.gateway.port.PlannedMail;
import fr.caducee.gateway.port.ReturnQueue;
import fr.caducee.gateway.port.SubmissionResult;
import fr.caducee.rules.Rule;

class DocumentRouteTest {
    static final String DOMAIN = "caducee.test";
    static final BoxAddress LAB = BoxAddress.parse("sil@chu-exemple.caducee.test");
    static final BoxAddress RECORD = BoxAddress.parse("dmp@caducee.test");
    static final Peer PEER = new Peer(LAB, "CHU Exemple", Set.of(), Optional.empty(), Set.of(), "");
    static final String GP = "adam.hoda@test-ci-sis.mssante.fr";
    static final String PATIENT = AnsSamples.PATIENT_INS + "@patient.mssante.fr";
    static final Instant NOW = Instant.parse("2027-01-10T09:00:00Z");

    final FakeOutbox outbox = new FakeOutbox();
    final FakeReturns returns = new FakeReturns();
    final DocumentRoute route = new DocumentRoute(new DocumentReader(), outbox,
        new ReceiptsBack(new BusinessReceipts(), returns),
        new DocumentRoute.Destinations(RECORD, DOMAIN, "Caducée test"), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void ansOruGoesToTheRecordTheProfessionalAndThePatient() throws Exception {
        String summary = handle(oru(AnsDocumentMessages.ORU_INITIAL, Sample.BIO));

        assertThat(outbox.sent).extracting(PlannedMail::purpose)
            .containsExactly(Purpose.RECORD, Purpose.PROFESSIONAL, Purpose.PATIENT);
        assertThat(outbox.sent).extracting(PlannedMail::recipient).containsExactly(RECORD.address(), GP, PATIENT);
        assertThat(outbox.sent).allSatisfy(mail -> {
            assertThat(mail.peer()).isEqualTo(LAB);
            assertThat(mail.from()).isEqualTo(LAB);
            assertThat(mail.controlId()).isEqualTo("015");
            assertThat(mail.messageId()).isEqualTo(GatewayMessageIds.of(LAB, "015", mail.purpose(), mail.recipient(),
                DOMAIN));
            assertThat(parse(mail).getMessageID()).isEqualTo(mail.messageId());
            assertThat(parse(mail).getFrom()[0].toString()).contains(LAB.address());
        });
        assertThat(summary).contains("record " + RECORD.address() + ": sent").contains(GP + ": sent")
            .contains("patient " + PATIENT + ": sent");
        assertThat(returns.queued).isEmpty();
    }

    @Test
    void eachMailCarriesTheDocumentInAnArchiveTheRecordReads() throws Exception {
        handle(oru(AnsDocumentMessages.ORU_INITIAL, Sample.BIO));

        for (PlannedMail mail : outbox.sent) {
            XdmPackage archive = XdmArchive.read(new ByteArrayInputStream(attachment(parse(mail), XdmArchive.FILE_NAME)));
            assertThat(archive.documents()).singleElement().satisfies(document -> {
                assertThat(document.content()).isEqualTo(AnsSamples.registrable(Sample.BIO));
                assertThat(document.entry().uniqueId()).contains(Sample.BIO.uniqueId());
            });
        }
        MimeMessage professional = parse(outbox.sent.get(1));
        assertThat(professional.getSubject())
            .isEqualTo("XDM/1.0/DDM+Compte rendu d'examens biologiques PAT-TROIS DOMINIQUE 28/03/1979");
    }

    @Test
    void theProfessionalsMailFollowsTheFlagsAndPrtReply() throws Exception {
        handle(oru(AnsDocumentMessages.ORU_INITIAL, Sample.BIO));

        PlannedMail mail = outbox.sent.get(1);
        assertThat(mail.recipientId()).contains("801234567897");
        assertThat(mail.notifySuccess()).as("ACK_RECEPTION=Y").isTrue();
        assertThat(mail.wantsReading()).as("ACK_LECTURE_MSS=Y").isTrue();
        MimeMessage message = parse(mail);
        assertThat(message.getHeader("Disposition-Notification-To")).containsExactly(LAB.address());
        assertThat(message.getReplyTo()[0].toString()).isEqualTo(GP);
        assertThat(text(message)).as("CORPSMAIL_PS, as far as ANS's truncated Base64 reads").startsWith("Cher confrère");
    }

    @Test
    void theRecordsMailAsksForAnMdnToTheAppBox() throws Exception {
        handle(oru(AnsDocumentMessages.ORU_INITIAL, Sample.BIO).flag("ACK_LECTURE_MSS", false));

        MimeMessage deposit = parse(outbox.sent.get(0));
        assertThat(deposit.getHeader("Disposition-Notification-To")).containsExactly(LAB.address());
        assertThat(outbox.sent.get(0).notifySuccess()).as("ACK_RECEPTION: a Z01 Y is wanted").isTrue();
        assertThat(outbox.sent.get(1).wantsReading()).isFalse();
        assertThat(parse(outbox.sent.get(1)).getHeader("Disposition-Notification-To")).isNull();
    }

    @Test
    void aDocumentInvisibleToThePatientGoesToTheRecordAndTheProfessionalsWithItsCode() throws Exception {
        handle(oru(AnsDocumentMessages.ORU_INITIAL, Sample.BIO).flag("INVISIBLE_PATIENT", true)
            .flag("DESTMSSANTEPAT", false));

        assertThat(outbox.sent).extracting(PlannedMail::purpose).containsExactly(Purpose.RECORD, Purpose.PROFESSIONAL);
        for (PlannedMail mail : outbox.sent) {
            XdmPackage archive = XdmArchive.read(new ByteArrayInputStream(attachment(parse(mail), XdmArchive.FILE_NAME)));
            assertThat(archive.documents().get(0).entry().document().confidentialityCodes())
                .contains(ConfidentialityCodes.INVISIBLE_PATIENT);
        }
    }

    @Test
    void aDocumentInvisibleToThePatientAddressedToThePatientIsRefusedAndNothingLeaves() {
        AnsDocumentMessages contradictory = oru(AnsDocumentMessages.ORU_INITIAL, Sample.BIO).flag("INVISIBLE_PATIENT", true);

        assertThatThrownBy(() -> handle(contradictory)).isInstanceOfSatisfying(Hl7Refusal.class,
            refusal -> assertThat(refusal.rule()).isEqualTo(Rule.HL7_INCONSISTENT));
        assertThat(outbox.sent).isEmpty();
    }

    @Test
    void aDocumentMaskedFromProfessionalsGoesToTheRecordAndThePatientOnly() throws Exception {
        handle(oru(AnsDocumentMessages.ORU_INITIAL, Sample.BIO).flag("MASQUE_PS", true).flag("DESTMSSANTEPS", false));

        assertThat(outbox.sent).extracting(PlannedMail::purpose).containsExactly(Purpose.RECORD, Purpose.PATIENT);
    }

    @Test
    void thePatientsMailClosesTheConversationWhenTheHospitalSaysFin() throws Exception {
        handle(oru(AnsDocumentMessages.ORU_INITIAL, Sample.BIO).after("OBX|10|CE|DESTMSSANTEPAT", "NTE|1|||FIN"));

        assertThat(parse(outbox.sent.get(2)).getHeader("X-MSS-MES")).containsExactly("FIN");
        assertThat(parse(outbox.sent.get(1)).getHeader("X-MSS-MES")).isNull();
    }

    @Test
    void oneDocumentInTwoObxIsOneEntryOfTheArchive() throws Exception {
        String twice = fr.caducee.gateway.AnsMessages.withDocument(fr.caducee.gateway.AnsMessages.text(
            AnsDocumentMessages.ORU_INITIAL), AnsSamples.registrable(Sample.BIO));

        route.handle(PEER, new Hl7Reader().read(fr.caducee.gateway.AnsMessages.utf8(twice)));

        XdmPackage archive = XdmArchive.read(new ByteArrayInputStream(attachment(parse(outbox.sent.get(0)),
            XdmArchive.FILE_NAME)));
        assertThat(archive.documents()).hasSize(1);
    }

    @Test
    void aMailTheChainRefusesGivesItsNegativeZamAtOnceAndTheRestStillLeaves() throws Exception {
        outbox.refuse(GP);

        String summary = handle(oru(AnsDocumentMessages.ORU_INITIAL, Sample.BIO));

        assertThat(outbox.sent).hasSize(3);
        assertThat(summary).contains(GP + ": refused, 550 5.7.1 recipient-outside-trust-space");
        assertThat(returns.queued).singleElement().satisfies(zam -> {
            assertThat(zam.kind()).isEqualTo("Z02");
            assertThat(zam.source()).isEqualTo("refused:" + outbox.sent.get(1).messageId());
            assertThat(zam.peer()).isEqualTo(LAB);
            assertThat(zam.text()).contains("ZAM^Z02").contains(GP).contains("|015|");
        });
    }

    @Test
    void aDepositTheChainRefusesIsANegativeZ01() throws Exception {
        outbox.refuse(RECORD.address());

        handle(oru(AnsDocumentMessages.ORU_INITIAL, Sample.BIO));

        assertThat(returns.queued).singleElement().satisfies(zam -> {
            assertThat(zam.kind()).isEqualTo("Z01");
            assertThat(zam.text()).contains("ZAM^Z01").contains("ACK_RECEPTION_DMP");
        });
    }

    @Test
    void aDependencyDownIsAnswerableByArAndTheMessageHandledAgainSendsTheSameMails() throws Exception {
        outbox.down = true;
        assertThatThrownBy(() -> handle(oru(AnsDocumentMessages.ORU_INITIAL, Sample.BIO)))
            .isInstanceOf(DependencyUnavailableException.class);

        outbox.down = false;
        handle(oru(AnsDocumentMessages.ORU_INITIAL, Sample.BIO));
        List<String> first = outbox.sent.stream().map(PlannedMail::messageId).toList();
        handle(oru(AnsDocumentMessages.ORU_INITIAL, Sample.BIO));

        assertThat(outbox.sent.stream().skip(3).map(PlannedMail::messageId).toList()).isEqualTo(first);
    }

    @Test
    void aReplacementCarriesTheNewVersionAndSaysItReplaces() throws Exception {
        handle(oru(AnsDocumentMessages.ORU_REPLACEMENT, Sample.BIO_V2));

        XdmPackage archive = XdmArchive.read(new ByteArrayInputStream(attachment(parse(outbox.sent.get(0)),
            XdmArchive.FILE_NAME)));
        assertThat(archive.associations()).anySatisfy(association -> {
            assertThat(association.type()).isEqualTo(XdmAssociation.RPLC);
            assertThat(association.target()).isEqualTo(Sample.BIO.uniqueId());
        });
        assertThat(text(parse(outbox.sent.get(1)))).startsWith("Ce message remplace un envoi précédent");
    }

    @Test
    void aDeletionWithdrawsTheVersionFromTheRecordAndTellsTheRecipients() throws Exception {
        String summary = handle(oru(AnsDocumentMessages.ORU_DELETION, Sample.BIO_V2));

        XdmPackage archive = XdmArchive.read(new ByteArrayInputStream(attachment(parse(outbox.sent.get(0)),
            XdmArchive.FILE_NAME)));
        assertThat(archive.documents().get(0).entry().deprecated()).isTrue();
        assertThat(text(parse(outbox.sent.get(1)))).contains("a été supprimé par son émetteur");
        MimeMessage patient = parse(outbox.sent.get(2));
        assertThat(patient.getContentType()).startsWith("text/plain");
        assertThat(patient.getSubject()).startsWith("Document retiré");
        assertThat(summary).contains("deletion");
    }

    @Test
    void ansMdmT02GoesToTheRecordAndTheProfessional() throws Exception {
        String summary = handle(mdm(AnsDocumentMessages.MDM_INITIAL));

        assertThat(outbox.sent).extracting(PlannedMail::purpose).containsExactly(Purpose.RECORD, Purpose.PROFESSIONAL);
        assertThat(summary).startsWith("MDM^T02 1 document (new, 18748-4)");
        MimeMessage professional = parse(outbox.sent.get(1));
        assertThat(text(professional)).startsWith("Cher confrère, vous trouverez ci-joint le CR");
        assertThat(professional.getSubject()).startsWith("XDM/1.0/DDM+Radio de hanche PAT-TROIS");
    }

    @Test
    void aPatientAddressOfAnotherInsIsRefusedAndNothingLeaves() {
        AnsDocumentMessages other = oru(AnsDocumentMessages.ORU_INITIAL, Sample.BIO)
            .replace(PATIENT, "146026322000196@patient.mssante.fr");

        assertThatThrownBy(() -> handle(other)).isInstanceOfSatisfying(Hl7Refusal.class,
            refusal -> assertThat(refusal.rule()).isEqualTo(Rule.HL7_INCONSISTENT));
        assertThat(outbox.sent).isEmpty();
    }

    @Test
    void aMessageSendingTheDocumentNowhereIsRefused() {
        AnsDocumentMessages nowhere = oru(AnsDocumentMessages.ORU_INITIAL, Sample.BIO).flag("DESTDMP", false)
            .flag("DESTMSSANTEPS", false).flag("DESTMSSANTEPAT", false);

        assertThatThrownBy(() -> handle(nowhere)).isInstanceOfSatisfying(Hl7Refusal.class,
            refusal -> assertThat(refusal.rule()).isEqualTo(Rule.HL7_REQUIRED_FIELD));
        assertThat(outbox.sent).isEmpty();
    }

    @Test
    void theRouteTakesOruR01AndMdmOnly() throws Exception {
        assertThat(route.takes(read(oru(AnsDocumentMessages.ORU_INITIAL, Sample.BIO)).header())).isTrue();
        assertThat(route.takes(read(mdm(AnsDocumentMessages.MDM_INITIAL)).header())).isTrue();
        assertThat(route.takes(read(mdm(AnsDocumentMessages.MDM_DELETION)).header())).isTrue();
        assertThat(route.takes(new fr.caducee.gateway.message.Header("", "", "", "", "ADT^A01^ADT_A01", "1", "P", "2.5",
            java.nio.charset.StandardCharsets.UTF_8))).isFalse();
    }

    // The examples made into messages, as the fixtures' README says.

    static AnsDocumentMessages oru(String example, Sample cda) {
        return AnsDocumentMessages.of(example, AnsSamples.registrable(cda));
    }

    /** ANS's MDM, with its imaging report and that report's patient in PID (the example's PID names another). */
    static AnsDocumentMessages mdm(String example) {
        Sample cda = example.equals(AnsDocumentMessages.MDM_INITIAL) ? Sample.IMAGING : Sample.IMAGING_V2;
        return AnsDocumentMessages.of(example, AnsSamples.registrable(cda))
            .replace("274075176079430^^^ASIP-SANTE-INS-NIR&1.2.250.1.213.1.4.8&ISO",
                AnsSamples.PATIENT_INS + "^^^ASIP-SANTE-INS-NIR&" + AnsSamples.PATIENT_AUTHORITY + "&ISO")
            .pidField(5, "PAT-TROIS^DOMINIQUE^^^^^L").pidField(7, "19790328").pidField(8, "F");
    }

    private String handle(AnsDocumentMessages message) throws Exception {
        return route.handle(PEER, read(message));
    }

    private static Inbound read(AnsDocumentMessages message) throws Hl7Refusal {
        return new Hl7Reader().read(message.bytes());
    }

    private static MimeMessage parse(PlannedMail mail) throws MessagingException {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(mail.mime()));
    }

    private static byte[] attachment(MimeMessage message, String name) throws MessagingException, IOException {
        Multipart parts = (Multipart) message.getContent();
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart part = parts.getBodyPart(i);
            if (name.equals(part.getFileName())) {
                // JavaMail's base64 decoder stops readAllBytes() at 8 KB (it mishandles reads at an offset).
                java.io.ByteArrayOutputStream content = new java.io.ByteArrayOutputStream();
                part.getInputStream().transferTo(content);
                return content.toByteArray();
            }
        }
        throw new AssertionError("no attachment " + name);
    }

    private static String text(MimeMessage message) throws MessagingException, IOException {
        Object content = message.getContent();
        if (content instanceof Multipart parts) {
            return (String) parts.getBodyPart(0).getContent();
        }
        return (String) content;
    }

    /** Submits nothing: records each mail, refuses those to the addresses given, or is down. */
    static final class FakeOutbox implements Outbox {
        final List<PlannedMail> sent = new ArrayList<>();
        final Set<String> refused = new HashSet<>();
        boolean down;

        void refuse(String recipient) {
            refused.add(recipient);
        }

        @Override
        public SubmissionResult send(PlannedMail mail) throws DependencyUnavailableException {
            if (down) {
                throw new DependencyUnavailableException("the submission listener", new IOException("refused"));
            }
            sent.add(mail);
            return refused.contains(mail.recipient())
                ? new SubmissionResult.Refused("550 5.7.1", "recipient-outside-trust-space", "not in the trust space")
                : new SubmissionResult.Accepted(false);
        }
    }

    record Queued(BoxAddress peer, String source, String kind, String controlId, byte[] message) {
        String text() {
            return new String(message, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    static final class FakeReturns implements ReturnQueue {
        final List<Queued> queued = new ArrayList<>();

        @Override
        public void queue(BoxAddress peer, String source, String kind, String controlId, byte[] message) {
            if (queued.stream().noneMatch(zam -> zam.source().equals(source))) {
                queued.add(new Queued(peer, source, kind, controlId, message));
            }
        }
    }
}
