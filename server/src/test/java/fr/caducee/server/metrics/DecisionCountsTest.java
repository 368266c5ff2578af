package fr.caducee.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.AuditTrail;
import fr.caducee.audit.AuditUnavailableException;
import fr.caducee.audit.Decision;
import fr.caducee.rules.Rule;

class DecisionCountsTest {
    final DecisionCounts counts = new DecisionCounts();

    @Test
    void aRefusalIsCountedByDecisionRuleStageAndWhere() {
        counts.count(AuditRecord.builder(Decision.REFUSED).rule(Rule.SENDER_NOT_ALLOWED.id()).via("submission")
            .sender("dr.durand@cabinet.localhost").remote("192.0.2.7").build());
        counts.count(AuditRecord.builder(Decision.REFUSED).rule(Rule.SENDER_NOT_ALLOWED.id()).via("submission").build());

        assertThat(value("refused", "sender-not-allowed", "mail+rcpt", "submission", "false")).isEqualTo(2.0);
    }

    @Test
    void aTemporarySmtpRefusalIsCountedAsTemporaryAndAnHttp4xxIsNot() {
        counts.count(AuditRecord.builder(Decision.REFUSED).rule(Rule.TOO_MANY_RECIPIENTS.id()).via("mx")
            .reason("452 4.5.3 too many recipients: send the rest in another message").build());
        counts.count(AuditRecord.builder(Decision.REFUSED).rule(Rule.WEBADMIN_UNAUTHENTICATED.id()).via("webadmin")
            .reason("401 No token: send 'Authorization: Bearer <token>'").build());

        assertThat(value("refused", "too-many-recipients", "rcpt", "mx", "true")).isEqualTo(1.0);
        assertThat(value("refused", "webadmin-unauthenticated", "webadmin", "webadmin", "false")).isEqualTo(1.0);
        assertThat(DecisionCounts.temporary("550 5.7.1 refused")).isFalse();
        assertThat(DecisionCounts.temporary("421 4.4.2 closing")).isTrue();
        assertThat(DecisionCounts.temporary("4xx")).isFalse();
        assertThat(DecisionCounts.temporary(null)).isFalse();
    }

    @Test
    void anAcceptanceWithoutARuleIsCountedWithEmptyRuleAndStage() {
        counts.count(AuditRecord.builder(Decision.ACCEPTED).via("mx").build());

        assertThat(value("accepted", "", "", "mx", "false")).isEqualTo(1.0);
    }

    @Test
    void aRuleOutsideTheCatalogueOrAnUnknownPlaceCountsAsOtherNeverAsItsText() {
        counts.count(AuditRecord.builder(Decision.REFUSED).rule("dr.durand@cabinet.localhost").via("192.0.2.7").build());

        assertThat(value("refused", "other", "", "other", "false")).isEqualTo(1.0);
        assertThat(counts.counter().collect().get(0).samples)
            .noneMatch(sample -> sample.labelValues.contains("dr.durand@cabinet.localhost"))
            .noneMatch(sample -> sample.labelValues.contains("192.0.2.7"));
    }

    @Test
    void theCountedTrailCountsWhatItWroteAndNotWhatFailed() {
        List<AuditRecord> written = new ArrayList<>();
        AuditTrail trail = new CountedAuditTrail(written::add, counts);
        trail.append(AuditRecord.builder(Decision.DELIVERED).via("local").build());

        AuditTrail failing = new CountedAuditTrail(record -> {
            throw new AuditUnavailableException("disk full", null);
        }, counts);
        assertThatThrownBy(() -> failing.append(AuditRecord.builder(Decision.DELIVERED).via("local").build()))
            .isInstanceOf(AuditUnavailableException.class);

        assertThat(written).hasSize(1);
        assertThat(value("delivered", "", "", "local", "false")).isEqualTo(1.0);
    }

    private double value(String... labels) {
        return counts.counter().labels(labels).get();
    }
}
