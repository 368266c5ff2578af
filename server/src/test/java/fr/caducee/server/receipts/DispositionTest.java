package fr.caducee.server.receipts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class DispositionTest {

    @Test
    void rfc8098DisplayedIsReadWithItsModes() throws Exception {
        Disposition disposition = Disposition.parse("manual-action/MDN-sent-manually; displayed");

        assertThat(disposition.actionMode()).isEqualTo("manual-action");
        assertThat(disposition.sendingMode()).isEqualTo("MDN-sent-manually");
        assertThat(disposition.type()).isEqualTo(Disposition.Type.DISPLAYED);
        assertThat(disposition.failed()).isFalse();
    }

    @Test
    void ansSuccessIsProcessedWithoutError() throws Exception {
        Disposition disposition = Disposition.parse("automatic-action/MDN-sent-automatically; processed");

        assertThat(disposition.type()).isEqualTo(Disposition.Type.PROCESSED);
        assertThat(disposition.error()).isEmpty();
    }

    @Test
    void ansErrorGivesItsCodeAndLabel() throws Exception {
        Disposition disposition = Disposition.parse(
            "automatic-action/MDN-sent-automatically; processed/Error: 902^Identifiant de patient inconnu");

        assertThat(disposition.type()).isEqualTo(Disposition.Type.PROCESSED);
        assertThat(disposition.error()).contains(new ReceiptError(Optional.of("902"),
            Optional.of("Identifiant de patient inconnu")));
    }

    @Test
    void ansLongerErrorOfItsExampleKeepsCodeAndLabelOnly() throws Exception {
        // struct-msg-mdn.md, written without a space after the colon of the field.
        Disposition disposition = Disposition.parse("automatic-action/MDN-sent-automatically; processed/Error: "
            + "902^Identifiant de patient inconnu^messageErrorCondition| E^Error^errorSeverity");

        assertThat(disposition.error()).contains(new ReceiptError(Optional.of("902"),
            Optional.of("Identifiant de patient inconnu")));
    }

    @Test
    void ansErrorLabelKeepsItsParenthesesAndCommas() throws Exception {
        Disposition disposition = Disposition.parse("automatic-action/MDN-sent-automatically;processed/error:"
            + "906^Autre erreur (archive illisible, CDA absent)");

        assertThat(disposition.error().flatMap(ReceiptError::label)).contains("Autre erreur (archive illisible, CDA absent)");
    }

    @Test
    void rfc8098ErrorModifierIsAnErrorWithoutDetail() throws Exception {
        Disposition disposition = Disposition.parse("automatic-action/MDN-sent-automatically; processed/error");

        assertThat(disposition.failed()).isTrue();
        assertThat(disposition.error()).contains(new ReceiptError(Optional.empty(), Optional.empty()));
    }

    @Test
    void rfc3798FailedIsAnError() throws Exception {
        assertThat(Disposition.parse("automatic-action/MDN-sent-automatically; failed").failed()).isTrue();
    }

    @Test
    void otherModifiersAreNoError() throws Exception {
        assertThat(Disposition.parse("automatic-action/MDN-sent-automatically; deleted/expired").failed()).isFalse();
    }

    @Test
    void commentsCaseFoldingAndMissingSpacesAreTolerated() throws Exception {
        Disposition disposition = Disposition.parse(
            "Automatic-Action/MDN-Sent-Automatically (by the DPI);\r\n\tPROCESSED (integrated)");

        assertThat(disposition.type()).isEqualTo(Disposition.Type.PROCESSED);
        assertThat(disposition.failed()).isFalse();
    }

    @Test
    void aFieldWithoutItsSemicolonIsUnreadable() {
        assertThatThrownBy(() -> Disposition.parse("automatic-action/MDN-sent-automatically processed"))
            .isInstanceOf(UnreadableReportException.class).hasMessageContaining("no ';'");
    }

    @Test
    void anUnknownTypeIsUnreadable() {
        assertThatThrownBy(() -> Disposition.parse("automatic-action/MDN-sent-automatically; integrated"))
            .isInstanceOf(UnreadableReportException.class).hasMessageContaining("no known type");
    }

    @Test
    void anEmptyFieldIsUnreadable() {
        assertThatThrownBy(() -> Disposition.parse(" ")).isInstanceOf(UnreadableReportException.class);
        assertThatThrownBy(() -> Disposition.parse(null)).isInstanceOf(UnreadableReportException.class);
    }
}
