package fr.caducee.records.deposit;

import static fr.caducee.domain.documents.AnsSamples.registrable;
import static fr.caducee.domain.documents.AnsSamples.replace;
import static fr.caducee.domain.documents.AnsSamples.xdm;
import static fr.caducee.records.deposit.DepositDirectory.LAB_BOX;
import static fr.caducee.records.deposit.DepositDirectory.OTHER_BOX;
import static fr.caducee.records.deposit.DepositDirectory.RIS_BOX;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.caducee.domain.documents.AnsSamples;
import fr.caducee.domain.documents.AnsSamples.Sample;
import fr.caducee.domain.documents.AnsSamples.Submitted;
import fr.caducee.domain.documents.XdmEntry;
import fr.caducee.domain.documents.XdmFixtures;
import fr.caducee.records.Deposit;
import fr.caducee.records.DepositOutcome;
import fr.caducee.records.DepositRefusal;
import fr.caducee.records.DocumentAction;
import fr.caducee.records.DocumentDeposit;
import fr.caducee.records.IntegrationError;

class ArchiveDepositCheckTest {
    private static final String OTHER_INS = "146026322000196";
    private static final String SAMPLE_INS = "extension=\"" + AnsSamples.PATIENT_INS + "\" root=\"" + AnsSamples.PATIENT_AUTHORITY + "\"";

    private final DepositDirectory directory = new DepositDirectory();
    private final StoredVersions record = new StoredVersions();
    private final ArchiveDepositCheck checks = new ArchiveDepositCheck(directory.directory(), record);

    // Accepted

    @Test
    void ansLabReportIsAcceptedAsANewDocumentOfItsPatient() throws Exception {
        Deposit deposit = accepted(xdm(registrable(Sample.BIO)), LAB_BOX);

        assertThat(deposit.senderBox()).isEqualTo(LAB_BOX);
        assertThat(deposit.messageId()).isEqualTo("<deposit@chu-exemple.caducee.test>");
        assertThat(deposit.patientIns()).isEqualTo(AnsSamples.PATIENT_INS);
        DocumentDeposit document = deposit.documents().get(0);
        assertThat(document.uniqueId()).isEqualTo(Sample.BIO.uniqueId());
        assertThat(document.setId()).isEqualTo("1.2.250.1.213.1.1.9");
        assertThat(document.version()).isEqualTo(1);
        assertThat(document.action()).isEqualTo(DocumentAction.NEW);
        assertThat(document.replaces()).isEmpty();
        assertThat(document.insAuthority()).isEqualTo(AnsSamples.PATIENT_AUTHORITY);
        assertThat(document.authorIdNat()).isEqualTo(AnsSamples.BIO_AUTHOR_REGISTRABLE);
        assertThat(document.typeCode()).isEqualTo("11502-2");
        assertThat(document.title()).isEqualTo("Compte rendu d'examens biologiques");
        assertThat(document.confidentialityCodes()).containsExactly("N");
        assertThat(document.effectiveTime()).contains(Instant.parse("2021-01-04T15:05:27Z"));
        assertThat(document.mediaType()).isEqualTo("text/xml");
        assertThat(document.content()).isEqualTo(registrable(Sample.BIO));
    }

    @Test
    void anImagingReportItsReplacementAndItsWithdrawalFollowOneAnother() throws Exception {
        DocumentDeposit first = deposited(xdm(registrable(Sample.IMAGING)), RIS_BOX);
        assertThat(first.action()).isEqualTo(DocumentAction.NEW);
        assertThat(first.setId()).as("no setId: the set is the first version's id").isEqualTo(Sample.IMAGING.uniqueId());

        DocumentDeposit second = deposited(xdm(registrable(Sample.IMAGING_V2)), RIS_BOX);
        assertThat(second.action()).isEqualTo(DocumentAction.REPLACE);
        assertThat(second.replaces()).contains(Sample.IMAGING.uniqueId());
        assertThat(second.setId()).isEqualTo(Sample.IMAGING.uniqueId());
        assertThat(second.version()).isEqualTo(2);

        DocumentDeposit withdrawal = deposited(xdm(Submitted.withdrawn(registrable(Sample.IMAGING_V2))), RIS_BOX);
        assertThat(withdrawal.action()).isEqualTo(DocumentAction.DELETE);
        assertThat(withdrawal.uniqueId()).isEqualTo(Sample.IMAGING_V2.uniqueId());
        assertThat(withdrawal.replaces()).contains(Sample.IMAGING_V2.uniqueId());
        assertThat(record.currentOfSet(Sample.IMAGING.uniqueId())).isEmpty();
    }

    @Test
    void drimmImagingReportAndItsUpdateAreAcceptedAsPublished() throws Exception {
        DocumentDeposit first = deposited(xdm(Sample.DRIMM_IMAGING.bytes()), RIS_BOX);
        assertThat(first.action()).isEqualTo(DocumentAction.NEW);
        assertThat(first.authorIdNat()).isEqualTo(AnsSamples.DRIMM_AUTHOR);
        assertThat(first.setId()).isEqualTo("D52DE737-001D-4031-B571-0A0ED7C42300");

        DocumentDeposit update = accepted(xdm(Sample.DRIMM_IMAGING_V2.bytes()), RIS_BOX).documents().get(0);

        assertThat(update.action()).isEqualTo(DocumentAction.REPLACE);
        assertThat(update.replaces()).contains(Sample.DRIMM_IMAGING.uniqueId());
        assertThat(update.version()).isEqualTo(2);
    }

    @Test
    void ansLabReportsSecondVersionReplacesTheFirstInItsSet() throws Exception {
        deposited(xdm(registrable(Sample.BIO)), LAB_BOX);

        DocumentDeposit second = accepted(xdm(registrable(Sample.BIO_V2)), LAB_BOX).documents().get(0);

        assertThat(second.action()).isEqualTo(DocumentAction.REPLACE);
        assertThat(second.replaces()).contains(Sample.BIO.uniqueId());
        assertThat(second.setId()).isEqualTo("1.2.250.1.213.1.1.9");
    }

    @Test
    void twoDocumentsOfOnePatientAreDepositedTogether() throws Exception {
        Deposit deposit = accepted(xdm(registrable(Sample.BIO), registrable(Sample.IMAGING)), RIS_BOX);

        assertThat(deposit.documents()).extracting(DocumentDeposit::typeCode).containsExactly("11502-2", "18748-4");
    }

    @Test
    void theSameDocumentSentAgainIsAcceptedForTheStoreToAcknowledge() throws Exception {
        deposited(xdm(registrable(Sample.IMAGING)), RIS_BOX);

        DocumentDeposit again = accepted(xdm(registrable(Sample.IMAGING)), RIS_BOX).documents().get(0);

        assertThat(again.uniqueId()).isEqualTo(Sample.IMAGING.uniqueId());
        assertThat(again.action()).isEqualTo(DocumentAction.NEW);
    }

    @Test
    void aReplacementSentAgainAfterItWasStoredIsAcceptedToo() throws Exception {
        deposited(xdm(registrable(Sample.IMAGING)), RIS_BOX);
        deposited(xdm(registrable(Sample.IMAGING_V2)), RIS_BOX);

        assertThat(accepted(xdm(registrable(Sample.IMAGING_V2)), RIS_BOX).documents().get(0).action())
            .isEqualTo(DocumentAction.REPLACE);
    }

    @Test
    void theMetadatasConfidentialityCodesAreTheDocumentsOwn() throws Exception {
        byte[] archive = withMetadata(registrable(Sample.BIO), metadata -> metadata.replace("nodeRepresentation=\"N\"",
            "nodeRepresentation=\"MASQUE_PS\""));

        assertThat(accepted(archive, LAB_BOX).documents().get(0).confidentialityCodes()).containsExactly("MASQUE_PS");
    }

    @Test
    void anotherAuthorOfTheSameHospitalMayReplaceAVersion() throws Exception {
        deposited(xdm(registrable(Sample.IMAGING)), RIS_BOX);
        byte[] byColleague = replace(registrable(Sample.IMAGING_V2), AnsSamples.IMAGING_AUTHOR_REGISTRABLE,
            DepositDirectory.OTHER_AUTHOR);

        assertThat(accepted(xdm(byColleague), LAB_BOX).documents().get(0).action()).isEqualTo(DocumentAction.REPLACE);
    }

    @Test
    void anAvailabilityUpdateToDeletedWithdrawsTheVersionAsTheSharedRecordWritesIt() throws Exception {
        deposited(xdm(registrable(Sample.IMAGING)), RIS_BOX);
        byte[] archive = withMetadata(registrable(Sample.IMAGING), metadata -> metadata.replace("</rim:RegistryObjectList>",
            "<rim:Association associationType=\"urn:ihe:iti:2010:AssociationType:UpdateAvailabilityStatus\""
                + " sourceObject=\"SubmissionSet01\" targetObject=\"Document1\" id=\"update\">"
                + "<rim:Slot name=\"NewStatus\"><rim:ValueList><rim:Value>urn:asip:ci-sis:2010:StatusType:Deleted"
                + "</rim:Value></rim:ValueList></rim:Slot></rim:Association>\n</rim:RegistryObjectList>"));

        assertThat(accepted(archive, RIS_BOX).documents().get(0).action()).isEqualTo(DocumentAction.DELETE);
    }

    // 900

    @Test
    void replacingAVersionThatWasAlreadyReplacedIsWrongVersion() throws Exception {
        deposited(xdm(registrable(Sample.BIO)), LAB_BOX);
        deposited(xdm(registrable(Sample.BIO_V2)), LAB_BOX);
        byte[] third = replace(replace(registrable(Sample.BIO_V2), "<id root=\"1.2.250.1.213.1.1.13\"/>",
            "<id root=\"1.2.250.1.213.1.1.14\"/>"), "<versionNumber value=\"2\" />", "<versionNumber value=\"3\" />");

        DepositRefusal refusal = refused(xdm(third), LAB_BOX, IntegrationError.WRONG_VERSION, "record-version-not-current");

        assertThat(refusal.sentence()).contains("asks to replace the version 1 (1.2.250.1.213.1.1.12), which is superseded")
            .contains("the current version is 2 (1.2.250.1.213.1.1.13)");
    }

    @Test
    void replacingAVersionTheRecordDoesNotHoldIsWrongVersion() throws Exception {
        refused(xdm(registrable(Sample.IMAGING_V2)), RIS_BOX, IntegrationError.WRONG_VERSION, "record-version-unknown");
    }

    @Test
    void withdrawingAVersionThatIsNoLongerCurrentIsWrongVersion() throws Exception {
        deposited(xdm(registrable(Sample.IMAGING)), RIS_BOX);
        deposited(xdm(registrable(Sample.IMAGING_V2)), RIS_BOX);

        refused(xdm(Submitted.withdrawn(registrable(Sample.IMAGING))), RIS_BOX, IntegrationError.WRONG_VERSION,
            "record-version-not-current");
    }

    @Test
    void withdrawingAVersionTheRecordDoesNotHoldIsWrongVersion() throws Exception {
        refused(xdm(Submitted.withdrawn(registrable(Sample.IMAGING_V2))), RIS_BOX, IntegrationError.WRONG_VERSION,
            "record-version-unknown");
    }

    @Test
    void aNewVersionNumberedNoHigherThanTheOneItReplacesIsWrongVersion() throws Exception {
        deposited(xdm(registrable(Sample.IMAGING)), RIS_BOX);
        byte[] stillOne = replace(registrable(Sample.IMAGING_V2), "<versionNumber value=\"2\"/>", "<versionNumber value=\"1\"/>");

        assertThat(refused(xdm(stillOne), RIS_BOX, IntegrationError.WRONG_VERSION, "record-version-number").sentence())
            .contains("number the new version 2");
    }

    @Test
    void aSecondVersionSentAsANewDocumentIsWrongVersion() throws Exception {
        deposited(xdm(registrable(Sample.BIO)), LAB_BOX);
        byte[] withoutRplc = replace(registrable(Sample.BIO_V2), "typeCode=\"RPLC\"", "typeCode=\"XFRM\"");

        refused(xdm(withoutRplc), LAB_BOX, IntegrationError.WRONG_VERSION, "record-set-exists");
    }

    // 901

    @Test
    void ansSamplesAsPublishedAreRefusedBecauseTheirAuthorsIdFailsItsCheckDigit() throws Exception {
        DepositRefusal refusal = refused(xdm(Sample.IMAGING.bytes()), RIS_BOX, IntegrationError.AUTHOR_NOT_ALLOWED,
            "record-author-invalid");

        assertThat(refusal.sentence()).contains("the national id 801234564895").contains("Luhn");
    }

    @Test
    void anAuthorWhoIsNotARegisteredProfessionalIsRefused() throws Exception {
        byte[] unknown = replace(registrable(Sample.IMAGING), AnsSamples.IMAGING_AUTHOR_REGISTRABLE, "810001234565");

        refused(xdm(unknown), RIS_BOX, IntegrationError.AUTHOR_NOT_ALLOWED, "record-author-unknown");
    }

    @Test
    void aDocumentWithoutItsAuthorsNationalIdIsRefused() throws Exception {
        byte[] anonymous = replace(registrable(Sample.IMAGING), "root=\"1.2.250.1.71.4.2.1\"", "root=\"1.2.250.1.999\"");

        refused(xdm(anonymous), RIS_BOX, IntegrationError.AUTHOR_NOT_ALLOWED, "record-author-unidentified");
    }

    @Test
    void anotherHospitalMayNotReplaceAVersionItDidNotWrite() throws Exception {
        deposited(xdm(registrable(Sample.IMAGING)), RIS_BOX);
        byte[] byStranger = replace(registrable(Sample.IMAGING_V2), AnsSamples.IMAGING_AUTHOR_REGISTRABLE,
            DepositDirectory.OTHER_AUTHOR);

        DepositRefusal refusal = refused(xdm(byStranger), OTHER_BOX, IntegrationError.AUTHOR_NOT_ALLOWED,
            "record-author-not-allowed");

        assertThat(refusal.sentence()).contains("only its author or their organisation may replace it");
    }

    @Test
    void anotherHospitalMayNotWithdrawAVersionItDidNotWrite() throws Exception {
        deposited(xdm(registrable(Sample.IMAGING)), RIS_BOX);
        byte[] byStranger = replace(registrable(Sample.IMAGING), AnsSamples.IMAGING_AUTHOR_REGISTRABLE,
            DepositDirectory.OTHER_AUTHOR);

        refused(xdm(Submitted.withdrawn(byStranger)), OTHER_BOX, IntegrationError.AUTHOR_NOT_ALLOWED,
            "record-author-not-allowed");
    }

    // 902

    @Test
    void aPatientWithoutARecordHereIsUnknown() throws Exception {
        byte[] stranger = replace(registrable(Sample.IMAGING), SAMPLE_INS,
            "extension=\"" + OTHER_INS + "\" root=\"1.2.250.1.213.1.4.8\"");

        DepositRefusal refusal = refused(xdm(stranger), RIS_BOX, IntegrationError.UNKNOWN_PATIENT, "record-patient-unknown");

        assertThat(refusal.sentence()).contains("is for the patient " + OTHER_INS + ", who has no record with this operator");
    }

    // 903

    @Test
    void aDocumentWhosePatientHasOnlyALocalIdHasNoIns() throws Exception {
        byte[] localOnly = replace(registrable(Sample.BIO), "<id extension=\"279035121518989\" root=\"1.2.250.1.213.1.4.10\"/>", "");

        DepositRefusal refusal = refused(xdm(localOnly), LAB_BOX, IntegrationError.NO_INS, "record-no-ins");

        assertThat(refusal.sentence()).contains("identifies its patient by 1 id(s) but none is an INS");
    }

    // 905

    @Test
    void anInsWithoutItsOidIsIncomplete() throws Exception {
        byte[] withoutOid = replace(registrable(Sample.IMAGING), SAMPLE_INS,
            "extension=\"" + AnsSamples.PATIENT_INS + "\" root=\"1.2.250.1.999.3.7\"");

        refused(xdm(withoutOid), RIS_BOX, IntegrationError.INCOMPLETE_INS, "record-ins-without-oid");
    }

    @Test
    void anInsWithoutAnyRootIsIncomplete() throws Exception {
        byte[] rootless = replace(registrable(Sample.IMAGING), SAMPLE_INS, "extension=\"" + AnsSamples.PATIENT_INS + "\"");

        assertThat(refused(xdm(rootless), RIS_BOX, IntegrationError.INCOMPLETE_INS, "record-ins-without-oid").sentence())
            .contains("gives the patient the number 279035121518989 without a root");
    }

    @Test
    void anInsWithAWrongKeyIsIncomplete() throws Exception {
        byte[] badKey = replace(registrable(Sample.IMAGING), "extension=\"279035121518989\"", "extension=\"279035121518988\"");

        assertThat(refused(xdm(badKey), RIS_BOX, IntegrationError.INCOMPLETE_INS, "record-ins-invalid").sentence())
            .contains("key 88 does not match");
    }

    @Test
    void anInsWithoutItsKeyIsIncomplete() throws Exception {
        byte[] noKey = replace(registrable(Sample.IMAGING), "extension=\"279035121518989\"", "extension=\"2790351215189\"");

        refused(xdm(noKey), RIS_BOX, IntegrationError.INCOMPLETE_INS, "record-ins-invalid");
    }

    @Test
    void anInsWithoutThePatientsBirthDateIsIncomplete() throws Exception {
        byte[] noBirth = replace(registrable(Sample.IMAGING), "<birthTime value=\"19790328\"></birthTime>", "");

        assertThat(refused(xdm(noBirth), RIS_BOX, IntegrationError.INCOMPLETE_INS, "record-ins-traits-missing").sentence())
            .contains("without the patient's birth date");
    }

    // 904

    @Test
    void metadataAndDocumentNamingTwoInsAreAMismatch() throws Exception {
        directory.patient(OTHER_INS, "PAT-TROIS", Optional.empty());
        byte[] cda = replace(registrable(Sample.IMAGING), SAMPLE_INS, "extension=\"" + OTHER_INS + "\" root=\"1.2.250.1.213.1.4.8\"");
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("IHE_XDM/SUBSET01/METADATA.XML", utf8(AnsSamples.metadataFor(registrable(Sample.IMAGING),
            "DOC0001.XML", XdmEntry.APPROVED)));
        entries.put("IHE_XDM/SUBSET01/DOC0001.XML", cda);

        refused(XdmFixtures.zip(entries), RIS_BOX, IntegrationError.INS_MISMATCH, "record-ins-mismatch");
    }

    @Test
    void aFamilyNameOtherThanTheRegisteredOneIsAMismatch() throws Exception {
        directory.patient(AnsSamples.PATIENT_INS, "MARTIN", Optional.empty());

        refused(xdm(registrable(Sample.IMAGING)), RIS_BOX, IntegrationError.INS_MISMATCH, "record-patient-traits-mismatch");
    }

    @Test
    void aBirthDateOtherThanTheRegisteredOneIsAMismatch() throws Exception {
        directory.patient(AnsSamples.PATIENT_INS, "Pat Trois", Optional.of(LocalDate.parse("1979-03-29")));

        assertThat(refused(xdm(registrable(Sample.IMAGING)), RIS_BOX, IntegrationError.INS_MISMATCH,
            "record-patient-traits-mismatch").sentence()).contains("the birth date 1979-03-28");
    }

    @Test
    void aNameWrittenWithOtherAccentsCaseAndHyphensIsTheSameName() throws Exception {
        directory.patient(AnsSamples.PATIENT_INS, "Pât Trois", Optional.of(LocalDate.parse(AnsSamples.PATIENT_BIRTH_DATE)));

        accepted(xdm(registrable(Sample.IMAGING)), RIS_BOX);
    }

    // 906

    @Test
    void somethingThatIsNotAZipIsUnreadable() throws Exception {
        refused(utf8("%PDF-1.7 not an archive"), RIS_BOX, IntegrationError.OTHER, "record-archive-unreadable");
    }

    @Test
    void anArchiveWithoutCdaHasNothingToDeposit() throws Exception {
        DepositRefusal refusal = refused(XdmFixtures.ansArchive(XdmFixtures.ansMetadata()), RIS_BOX, IntegrationError.OTHER,
            "record-no-cda");

        assertThat(refusal.sentence()).contains("declares no CDA document");
    }

    @Test
    void aCdaThatIsNotXmlIsRefused() throws Exception {
        byte[] archive = withDocument(registrable(Sample.IMAGING), utf8("%PDF-1.7\nnot xml"));

        refused(archive, RIS_BOX, IntegrationError.OTHER, "record-not-xml");
    }

    @Test
    void xmlThatIsNotCdaR2IsRefused() throws Exception {
        byte[] archive = withDocument(registrable(Sample.IMAGING), utf8("<Bundle xmlns=\"http://hl7.org/fhir\"/>"));

        refused(archive, RIS_BOX, IntegrationError.OTHER, "record-not-cda");
    }

    @Test
    void aCdaDeclaringAnExternalEntityIsRefusedAndTheEntityNeverRead(@TempDir Path folder) throws Exception {
        Path secret = folder.resolve("secret.txt");
        Files.writeString(secret, "SECRET-146026322000196");
        String xml = new String(registrable(Sample.IMAGING), StandardCharsets.UTF_8);
        byte[] hostile = utf8("<!DOCTYPE ClinicalDocument [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>\n"
            + xml.replace("<title>Radio de hanche</title>", "<title>&xxe;</title>"));

        DepositRefusal refusal = refused(withDocument(registrable(Sample.IMAGING), hostile), RIS_BOX,
            IntegrationError.OTHER, "record-doctype-refused");

        assertThat(refusal.sentence()).doesNotContain("SECRET");
    }

    @Test
    void metadataDeclaringADtdIsRefused() throws Exception {
        byte[] archive = withMetadata(registrable(Sample.IMAGING), metadata -> metadata.replace("<lcm:SubmitObjectsRequest",
            "<!DOCTYPE lcm:SubmitObjectsRequest SYSTEM \"http://127.0.0.1:9/evil.dtd\">\n<lcm:SubmitObjectsRequest"));

        refused(archive, RIS_BOX, IntegrationError.OTHER, "record-doctype-refused");
    }

    @Test
    void aZipBombIsRefused() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("IHE_XDM/SUBSET01/METADATA.XML"));
            zip.write(utf8(AnsSamples.metadataFor(registrable(Sample.IMAGING), "DOC0001.XML", XdmEntry.APPROVED)));
            zip.putNextEntry(new ZipEntry("IHE_XDM/SUBSET01/DOC0001.XML"));
            byte[] zeros = new byte[1024 * 1024];
            for (int i = 0; i < 1024; i++) {
                zip.write(zeros);
            }
        }

        refused(bytes.toByteArray(), RIS_BOX, IntegrationError.OTHER, "record-decompression-bomb");
    }

    @Test
    void anEntryClimbingOutOfTheArchiveIsRefused() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("IHE_XDM/SUBSET01/METADATA.XML", utf8(AnsSamples.metadataFor(registrable(Sample.IMAGING),
            "DOC0001.XML", XdmEntry.APPROVED)));
        entries.put("IHE_XDM/SUBSET01/DOC0001.XML", registrable(Sample.IMAGING));
        entries.put("../../home/caducee/.ssh/authorized_keys", utf8("ssh-ed25519 AAAA"));

        refused(XdmFixtures.zip(entries), RIS_BOX, IntegrationError.OTHER, "record-path-traversal");
    }

    @Test
    void documentsForTwoPatientsInOneArchiveAreRefused() throws Exception {
        directory.patient(OTHER_INS, "PAT-TROIS", Optional.empty());
        byte[] otherPatients = replace(registrable(Sample.BIO), SAMPLE_INS,
            "extension=\"" + OTHER_INS + "\" root=\"1.2.250.1.213.1.4.8\"");

        DepositRefusal refusal = refused(xdm(registrable(Sample.IMAGING), otherPatients), RIS_BOX, IntegrationError.OTHER,
            "record-two-patients");

        assertThat(refusal.sentence()).contains("documents for two patients");
    }

    @Test
    void anArchiveOf200MegabytesIsRefusedAtTheBound() throws Exception {
        DepositOutcome outcome = checks.check(new java.io.InputStream() {
            private long served;

            @Override
            public int read() {
                return served++ < 200L * 1024 * 1024 ? 'P' : -1;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                if (served >= 200L * 1024 * 1024) {
                    return -1;
                }
                java.util.Arrays.fill(buffer, offset, offset + length, (byte) 'P');
                served += length;
                return length;
            }
        }, RIS_BOX, "<big@chu-exemple.caducee.test>");

        assertThat(outcome).isInstanceOfSatisfying(DepositOutcome.Refused.class, refused -> {
            assertThat(refused.refusal().rule()).isEqualTo("record-archive-too-large");
            assertThat(refused.refusal().error()).isEqualTo(IntegrationError.OTHER);
        });
    }

    @Test
    void theSameDocumentTwiceInOneArchiveIsRefused() throws Exception {
        refused(xdm(registrable(Sample.IMAGING), registrable(Sample.IMAGING)), RIS_BOX, IntegrationError.OTHER,
            "record-duplicate-document");
    }

    @Test
    void sentencesQuoteHostileValuesBoundedAndPrintable() throws Exception {
        String hostile = "27903512151898\r\n" + "9".repeat(10_000);
        byte[] cda = replace(registrable(Sample.IMAGING), "extension=\"279035121518989\"", "extension=\"" + hostile + "\"");

        DepositRefusal refusal = refused(xdm(cda), RIS_BOX, IntegrationError.INCOMPLETE_INS, "record-ins-invalid");

        assertThat(refusal.sentence()).hasSizeLessThan(400).doesNotContain("\r").doesNotContain("\n");
    }

    private Deposit accepted(byte[] archive, String sender) throws IOException {
        DepositOutcome outcome = checks.check(new ByteArrayInputStream(archive), sender, "<deposit@chu-exemple.caducee.test>");
        if (outcome instanceof DepositOutcome.Refused refused) {
            throw new AssertionError("refused: " + refused.refusal());
        }
        return ((DepositOutcome.Accepted) outcome).deposit();
    }

    /** Accepted, then stored as the store would; its only document. */
    private DocumentDeposit deposited(byte[] archive, String sender) throws IOException {
        Deposit deposit = accepted(archive, sender);
        deposit.documents().forEach(document -> record.apply(document, sender));
        return deposit.documents().get(0);
    }

    private DepositRefusal refused(byte[] archive, String sender, IntegrationError error, String rule) throws IOException {
        DepositOutcome outcome = checks.check(new ByteArrayInputStream(archive), sender, "<deposit@chu-exemple.caducee.test>");
        assertThat(outcome).isInstanceOf(DepositOutcome.Refused.class);
        DepositRefusal refusal = ((DepositOutcome.Refused) outcome).refusal();
        assertThat(refusal.rule()).as(refusal.sentence()).isEqualTo(rule);
        assertThat(refusal.error()).isEqualTo(error);
        return refusal;
    }

    /** One CDA in an IHE-layout archive whose metadata, written from the CDA, is edited. */
    private static byte[] withMetadata(byte[] cda, java.util.function.UnaryOperator<String> edit) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("IHE_XDM/SUBSET01/METADATA.XML", utf8(edit.apply(AnsSamples.metadataFor(cda, "DOC0001.XML",
            XdmEntry.APPROVED))));
        entries.put("IHE_XDM/SUBSET01/DOC0001.XML", cda);
        return XdmFixtures.zip(entries);
    }

    /** The metadata of a good CDA, with another file in its place. */
    private static byte[] withDocument(byte[] describedCda, byte[] file) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("IHE_XDM/SUBSET01/METADATA.XML", utf8(AnsSamples.metadataFor(describedCda, "DOC0001.XML",
            XdmEntry.APPROVED)));
        entries.put("IHE_XDM/SUBSET01/DOC0001.XML", file);
        return XdmFixtures.zip(entries);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
