package fr.caducee.records.deposit;

import static fr.caducee.domain.documents.AnsSamples.registrable;
import static fr.caducee.records.deposit.DepositDirectory.LAB_BOX;
import static fr.caducee.records.deposit.DepositDirectory.RIS_BOX;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import fr.caducee.domain.documents.AnsSamples.Sample;
import fr.caducee.domain.documents.ConfidentialityCodes;
import fr.caducee.domain.documents.UnreadableArchiveException;
import fr.caducee.domain.documents.XdmWriter;
import fr.caducee.records.Deposit;
import fr.caducee.records.DepositOutcome;
import fr.caducee.records.DocumentAction;
import fr.caducee.records.DocumentDeposit;

/** The archives the gateway writes ({@link XdmWriter}) are deposits the record takes: new, replaced, withdrawn, masked. */
class XdmWriterDepositTest {
    private static final Instant AT = Instant.parse("2027-02-01T10:00:00Z");

    private final DepositDirectory directory = new DepositDirectory();
    private final StoredVersions record = new StoredVersions();
    private final ArchiveDepositCheck checks = new ArchiveDepositCheck(directory.directory(), record);

    @Test
    void aLabReportItsReplacementAndItsWithdrawalAreTakenInTurn() throws Exception {
        DocumentDeposit first = deposited(written(XdmWriter.Document.of(registrable(Sample.BIO))), LAB_BOX);
        assertThat(first.action()).isEqualTo(DocumentAction.NEW);
        assertThat(first.uniqueId()).isEqualTo(Sample.BIO.uniqueId());
        assertThat(first.content()).isEqualTo(registrable(Sample.BIO));

        DocumentDeposit second = deposited(written(XdmWriter.Document.of(registrable(Sample.BIO_V2))), LAB_BOX);
        assertThat(second.action()).isEqualTo(DocumentAction.REPLACE);
        assertThat(second.replaces()).contains(Sample.BIO.uniqueId());

        DocumentDeposit withdrawal = deposited(written(XdmWriter.Document.of(registrable(Sample.BIO_V2)).withdrawal()),
            LAB_BOX);
        assertThat(withdrawal.action()).isEqualTo(DocumentAction.DELETE);
        assertThat(withdrawal.uniqueId()).isEqualTo(Sample.BIO_V2.uniqueId());
    }

    @Test
    void theConfidentialityCodesOfTheHl7FlagsReachTheRecord() throws Exception {
        DocumentDeposit masked = deposited(written(XdmWriter.Document.of(registrable(Sample.IMAGING))
            .withCodes(Set.of(ConfidentialityCodes.MASQUE_PS, ConfidentialityCodes.INVISIBLE_PATIENT,
                ConfidentialityCodes.INVISIBLE_REP_LEGAUX))), RIS_BOX);

        assertThat(masked.confidentialityCodes()).containsExactlyInAnyOrder("N", ConfidentialityCodes.MASQUE_PS,
            ConfidentialityCodes.INVISIBLE_PATIENT, ConfidentialityCodes.INVISIBLE_REP_LEGAUX);
    }

    @Test
    void twoDocumentsOfOneMessageAreOneDeposit() throws Exception {
        Deposit deposit = accepted(XdmWriter.archive(AT, "SIH", List.of(XdmWriter.Document.of(registrable(Sample.IMAGING)),
            XdmWriter.Document.of(registrable(Sample.DRIMM_IMAGING)))), RIS_BOX);

        assertThat(deposit.documents()).extracting(DocumentDeposit::uniqueId)
            .containsExactly(Sample.IMAGING.uniqueId(), Sample.DRIMM_IMAGING.uniqueId());
    }

    private static byte[] written(XdmWriter.Document document) throws UnreadableArchiveException {
        return XdmWriter.archive(AT, "SIH Exemple", List.of(document));
    }

    private Deposit accepted(byte[] archive, String sender) throws IOException {
        DepositOutcome outcome = checks.check(new ByteArrayInputStream(archive), sender, "<gw.1@caducee.test>");
        if (outcome instanceof DepositOutcome.Refused refused) {
            throw new AssertionError("refused: " + refused.refusal());
        }
        return ((DepositOutcome.Accepted) outcome).deposit();
    }

    private DocumentDeposit deposited(byte[] archive, String sender) throws IOException {
        Deposit deposit = accepted(archive, sender);
        deposit.documents().forEach(document -> record.apply(document, sender));
        return deposit.documents().get(0);
    }
}
