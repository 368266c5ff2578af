package fr.caducee.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class AuditReaderTest {
    static final Instant T = Instant.parse("2026-11-24T09:00:00Z");
    static final String DURAND = "dr.durand@chu.fr";
    static final String CARDIO = "cardiologie@chu.fr";
    static final String LABO = "labo@chu.fr";
    static final String PATIENT = "146026322000196@patient.chu.fr";
    static final String REMOTE = "secretariat@clinique.fr";

    @TempDir
    Path folder;
    AuditReader reader;

    @BeforeEach
    void trail() throws Exception {
        try (FileAuditTrail trail = FileAuditTrail.open(folder, AuditSettings.defaults())) {
            trail.append(Records.accepted(T, "<1@chu.fr>", DURAND, DURAND, CARDIO, REMOTE));
            trail.append(AuditRecord.builder(Decision.DELIVERED).time(T.plusSeconds(1)).via("spool")
                .mail("Mail1-!2345678").messageId("<1@chu.fr>").sender(DURAND).recipients(List.of(CARDIO)).build());
            trail.append(AuditRecord.builder(Decision.RELAYED).time(T.plusSeconds(2)).via("relay")
                .messageId("<1@chu.fr>").sender(DURAND).recipients(List.of(REMOTE)).build());
            trail.append(Records.refused(T.plusSeconds(3), "recipient-unknown", "550 5.1.1 No such box", DURAND,
                "nobody@chu.fr"));
            // sent as the ORG box by a member
            trail.append(Records.accepted(T.plusSeconds(4), "<2@chu.fr>", DURAND, CARDIO, PATIENT));
            trail.append(Records.delivered(T.plusSeconds(5), "<2@chu.fr>", PATIENT));
            trail.append(AuditRecord.builder(Decision.ACCEPTED).time(T.plusSeconds(6)).via("mx").mail("Mail3")
                .messageId("<3@clinique.fr>").peer("peer.subject=\"CN=mx.clinique.fr\"").sender(REMOTE)
                .recipients(List.of(LABO, "DR.Durand@CHU.fr")).build());
            trail.append(AuditRecord.builder(Decision.DELIVERED).time(T.plusSeconds(7)).via("local")
                .messageId("<3@clinique.fr>").sender(REMOTE).recipients(List.of(LABO, DURAND)).build());
            // a delivery status notification: a delivery, not a message received
            trail.append(AuditRecord.builder(Decision.DELIVERED).time(T.plusSeconds(7)).via("local")
                .messageId("<dsn@chu.fr>").sender("<>").recipients(List.of(CARDIO)).build());
            trail.append(Records.refused(T.plusSeconds(8), "authentication-failed", "535 5.7.8 ...", "intrus@chu.fr",
                "x@chu.fr"));
            trail.append(Records.refused(T.plusSeconds(9), "recipient-unknown", "550 5.1.1 No such box", LABO,
                "nobody2@chu.fr"));
            // next month: outside the indicators of November
            trail.append(Records.delivered(Instant.parse("2026-12-01T00:00:00Z"), "<4@chu.fr>", LABO));
        }
        reader = new AuditReader(folder);
    }

    AuditQuery all() {
        return AuditQuery.between(T.minus(Duration.ofDays(1)), T.plus(Duration.ofDays(30)));
    }

    @Test
    void byBoxMatchesLoginSenderOrAnyRecipientIgnoringCase() {
        assertThat(reader.query(all().withBox("CARDIOLOGIE@chu.fr")).records())
            .extracting(AuditRecord::messageId).containsExactly("<1@chu.fr>", "<1@chu.fr>", "<2@chu.fr>", "<dsn@chu.fr>");
        assertThat(reader.query(all().withBox(DURAND)).records()).extracting(AuditRecord::time)
            .containsExactly(T, T.plusSeconds(1), T.plusSeconds(2), T.plusSeconds(3), T.plusSeconds(4),
                T.plusSeconds(6), T.plusSeconds(7));
    }

    @Test
    void byMessageIdWithOrWithoutAngleBrackets() {
        assertThat(reader.query(all().withMessageId("<1@chu.fr>")).records()).extracting(AuditRecord::decision)
            .containsExactly(Decision.ACCEPTED, Decision.DELIVERED, Decision.RELAYED);
        assertThat(reader.query(all().withMessageId("3@clinique.fr")).records()).extracting(AuditRecord::decision)
            .containsExactly(Decision.ACCEPTED, Decision.DELIVERED);
        assertThat(reader.query(all().withMessageId("1@chu")).records()).isEmpty();
    }

    @Test
    void byMailNameAlsoFindsThePartsItWasSplitInto() {
        String name = Records.accepted(T, "<1@chu.fr>", DURAND, DURAND).mail();
        assertThat(reader.query(all().withMail("Mail1")).records()).extracting(AuditRecord::mail)
            .containsExactly("Mail1-!2345678");
        assertThat(reader.query(all().withMail(name)).records()).hasSize(1);
    }

    @Test
    void byDecisionAndTimeRangeFromIncludedToExcluded() {
        assertThat(reader.query(all().withDecision(Decision.REFUSED)).records()).extracting(AuditRecord::rule)
            .containsExactly("recipient-unknown", "authentication-failed", "recipient-unknown");
        assertThat(reader.query(AuditQuery.between(T.plusSeconds(1), T.plusSeconds(3))).records())
            .extracting(AuditRecord::decision).containsExactly(Decision.DELIVERED, Decision.RELAYED);
    }

    @Test
    void theLimitKeepsTheLatestRecordsAndTellsHowManyMatched() {
        QueryResult result = reader.query(all().withLimit(2));
        assertThat(result.records()).extracting(AuditRecord::time)
            .containsExactly(T.plusSeconds(9), Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(result.matched()).isEqualTo(12);
        assertThat(result.truncated()).isTrue();
    }

    @Test
    void exportGivesTheRawLinesOfTheRangeEachAWholeJsonRecord() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<String> lines;
        try (Stream<String> export = reader.export(T.plusSeconds(1), Instant.parse("2026-12-02T00:00:00Z"))) {
            lines = export.toList();
        }
        assertThat(lines).hasSize(11);
        for (String line : lines) {
            JsonNode record = json.readTree(line);
            assertThat(record.path("time").asText()).isNotEmpty();
            assertThat(record.path("decision").asText()).isNotEmpty();
            assertThat(record.has("body")).isFalse();
        }
        assertThat(json.readTree(lines.get(0)).path("recipients").get(0).asText()).isEqualTo(CARDIO);
    }

    @Test
    void monthlyIndicatorsCountSentByBoxTypeReceivedByRecipientTypeActiveBoxesAndRefusalsByRule() {
        Map<String, String> directory = Map.of(DURAND, "PER", CARDIO, "ORG", LABO, "APP", PATIENT, "PATIENT",
            "nobody@chu.fr", BoxTypes.UNKNOWN);
        BoxTypes types = address -> directory.getOrDefault(address, BoxTypes.REMOTE);

        UsageIndicators november = reader.indicators(YearMonth.of(2026, 11), types);

        assertThat(november.sent()).containsOnly(entry("PER", 1L), entry("ORG", 1L));
        assertThat(november.received()).containsOnly(entry("ORG", 1L), entry("PATIENT", 1L), entry("APP", 1L),
            entry("PER", 1L));
        assertThat(november.activeBoxes()).isEqualTo(4);
        assertThat(november.activeByType()).containsOnly(entry("PER", 1L), entry("ORG", 1L), entry("APP", 1L),
            entry("PATIENT", 1L));
        assertThat(november.refusalsByRule()).containsOnly(entry("recipient-unknown", 2L),
            entry("authentication-failed", 1L));
        assertThat(november.decisions()).containsOnly(entry(Decision.ACCEPTED, 3L), entry(Decision.DELIVERED, 4L),
            entry(Decision.RELAYED, 1L), entry(Decision.REFUSED, 3L));

        UsageIndicators december = reader.indicators(YearMonth.of(2026, 12), types);
        assertThat(december.received()).containsOnly(entry("APP", 1L));
        assertThat(december.sent()).isEmpty();
    }

    @Test
    void emergencyVisitsAreCountedOncePerHospitalAndVisitByTheirLastOutcome() throws Exception {
        Instant december = Instant.parse("2026-12-03T10:00:00Z");
        try (FileAuditTrail trail = FileAuditTrail.open(folder, AuditSettings.defaults())) {
            trail.append(arrival(december, "sih@chu.fr", "V1", "ed-no-gp"));
            // the same visit: the GP named in the next message, and told
            trail.append(arrival(december.plusSeconds(60), "sih@chu.fr", "V1", "ed-gp-notified"));
            trail.append(arrival(december.plusSeconds(120), "sih@chu.fr", "V2", "ed-gp-no-box"));
            // another hospital's visit of the same number
            trail.append(arrival(december.plusSeconds(180), "dpi@clinique.fr", "V1", "ed-gp-notified"));
            trail.append(arrival(december.plusSeconds(240), "sih@chu.fr", "V3", "ed-gp-notified"));
            trail.append(arrival(december.plusSeconds(300), "sih@chu.fr", "V3", "ed-cancelled"));
        }

        UsageIndicators indicators = new AuditReader(folder).indicators(YearMonth.of(2026, 12), address -> "PER");

        assertThat(indicators.emergencyVisits()).containsOnly(entry("ed-gp-notified", 2L), entry("ed-gp-no-box", 1L),
            entry("ed-cancelled", 1L));
        assertThat(indicators.decisions()).containsEntry(Decision.ED_ARRIVAL, 6L);
        assertThat(reader.indicators(YearMonth.of(2026, 11), address -> "PER").emergencyVisits()).isEmpty();
    }

    private static AuditRecord arrival(Instant time, String hospital, String visit, String rule) {
        return AuditRecord.builder(Decision.ED_ARRIVAL).time(time).via("gateway").rule(rule).sender(hospital)
            .mail("ed-visit:" + visit).messageId("msg-" + time.getEpochSecond()).reason(rule).build();
    }
}
