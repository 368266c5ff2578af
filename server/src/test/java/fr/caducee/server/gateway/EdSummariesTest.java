package fr.caducee.server.gateway;

import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.Decision;
import fr.caducee.domain.directory.Directory;
import fr.caducee.domain.identifier.Finess;
import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.identifier.StructureId;
import fr.caducee.domain.model.Box;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.BoxStatus;
import fr.caducee.domain.model.BoxType;
import fr.caducee.gateway.GatewayMessageIds;
import fr.caducee.gateway.admission.EdNotifications;
import fr.caducee.gateway.admission.EdOutcome;
import fr.caducee.gateway.port.EdArrivals;
import fr.caducee.gateway.port.Outbox;
import fr.caducee.gateway.port.PlannedMail;
import fr.caducee.gateway.port.SubmissionResult;
import fr.caducee.identity.login.BoxCertificates;
import fr.caducee.rules.Rule;
import fr.caducee.server.storage.SchemaMigrations;
import fr.caducee.server.storage.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * The arrivals kept in PostgreSQL, the outcomes answered from them, and the daily summary: due at its time in the
 * gateway's zone, sent once per hospital and day, also after a restart that missed the time.
 */
class EdSummariesTest {
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    static final Finess FINESS = Finess.parse("750000010");
    static final BoxAddress SIH = BoxAddress.parse("sih@chu.localhost");
    static final BoxAddress ED = BoxAddress.parse("urgences@chu.localhost");
    static final LocalDate DAY = LocalDate.of(2026, 12, 6);

    @RegisterExtension
    static final TestDatabase DATABASE = new TestDatabase(4);

    final Directory directory = mock(Directory.class);
    final List<PlannedMail> sent = new ArrayList<>();
    final Outbox outbox = mail -> {
        sent.add(mail);
        return new SubmissionResult.Accepted(false);
    };
    final GatewaySettings.Hospital hospital = new GatewaySettings.Hospital("chu", SIH, "CHU de Caducée", Set.of(),
        Optional.of(ED), Set.of(), "", Optional.empty());
    JdbcEdArrivals arrivals;
    HospitalPeers peers;

    @BeforeAll
    static void schema() {
        SchemaMigrations.apply(DATABASE.dataSource());
    }

    @BeforeEach
    void emptyTables() throws Exception {
        DATABASE.execute("TRUNCATE gateway_ed_arrival, gateway_ed_summary");
        arrivals = new JdbcEdArrivals(DATABASE.dataSource());
        when(directory.findBox(any())).thenReturn(Optional.empty());
        when(directory.findBox(SIH)).thenReturn(Optional.of(new Box(SIH, BoxType.APP, Optional.empty(),
            Optional.of((StructureId) FINESS), Optional.empty(), Set.of(), false, BoxStatus.ACTIVE,
            Instant.parse("2026-01-01T00:00:00Z"), "", "")));
        peers = new HospitalPeers(List.of(hospital), directory, new BoxCertificates(null), Clock.systemUTC());
    }

    @Test
    void anArrivalIsKeptAndFoundAgainByVisitAndByDay() throws Exception {
        EdArrivals.Arrival arrival = arrival("V1", "08:30", EdOutcome.SENT, List.of("dr.martin@chu.localhost"));

        arrivals.record(SIH, arrival);

        assertThat(arrivals.find(SIH, "V1")).contains(arrival);
        assertThat(arrivals.ofDay(SIH, DAY)).containsExactly(arrival);
        assertThat(arrivals.ofDay(SIH, DAY.plusDays(1))).isEmpty();
        assertThat(arrivals.find(BoxAddress.parse("other@chu.localhost"), "V1")).isEmpty();

        EdArrivals.Arrival cancelled = new EdArrivals.Arrival("V1", "2", DAY, arrival.arrivedAt(), "Urgences",
            Optional.empty(), "Paul DURAND", Optional.empty(), Optional.empty(), "", arrival.notified(),
            EdOutcome.CANCELLED, "annulée", Optional.empty(), arrival.updatedAt().plusSeconds(60));
        arrivals.record(SIH, cancelled);
        assertThat(arrivals.find(SIH, "V1")).contains(cancelled);
    }

    @Test
    void theOutcomesOfADayTellEachArrivalAndTheShareOfPatientsWhoseGpWasTold() throws Exception {
        arrivals.record(SIH, arrival("V1", "08:30", EdOutcome.SENT, List.of("dr.martin@chu.localhost")));
        arrivals.record(SIH, arrival("V2", "09:00", EdOutcome.GP_NO_BOX, List.of()));
        arrivals.record(SIH, arrival("V3", "10:00", EdOutcome.NO_GP, List.of()));
        arrivals.record(SIH, arrival("V4", "11:00", EdOutcome.CANCELLED, List.of()));

        List<AuditRecord> reads = new ArrayList<>();
        JsonNode answer = new ObjectMapper().readTree(new EdOutcomes(peers, arrivals, settings("07:00"), reads::add)
            .read(DAY, List.of(hospital), "api", "urgences@chu.localhost", "127.0.0.1"));

        assertThat(reads).singleElement().satisfies(read -> {
            assertThat(read.decision()).isEqualTo(Decision.GATEWAY_READ);
            assertThat(read.rule()).isEqualTo(Rule.ED_NOTIFICATIONS_READ.id());
            assertThat(read.login()).isEqualTo("urgences@chu.localhost");
            assertThat(read.recipients()).containsExactly(hospital.box().address());
        });

        assertThat(answer.path("day").asText()).isEqualTo("2026-12-06");
        JsonNode chu = answer.path("hospitals").get(0);
        assertThat(chu.path("hospital").asText()).isEqualTo(SIH.address());
        assertThat(chu.path("arrivals")).hasSize(4);
        JsonNode first = chu.path("arrivals").get(0);
        assertThat(first.path("visit").asText()).isEqualTo("V1");
        assertThat(first.path("patient").path("name").asText()).isEqualTo("Paul DURAND");
        assertThat(first.path("patient").path("ins").asText()).isEqualTo("146026322000196");
        assertThat(first.path("gp").path("notified").get(0).asText()).isEqualTo("dr.martin@chu.localhost");
        assertThat(first.path("outcome").asText()).isEqualTo("SENT");
        assertThat(first.path("rule").asText()).isEqualTo("ed-gp-notified");
        assertThat(chu.path("totals").path("patients").asLong()).isEqualTo(3);
        assertThat(chu.path("totals").path("gpNotified").asLong()).isEqualTo(1);
        assertThat(chu.path("totals").path("notifiedShare").asDouble()).isEqualTo(0.333);
        assertThat(answer.path("totals").path("CANCELLED").asLong()).isEqualTo(1);
    }

    @Test
    void theSummaryOfTheDayBeforeGoesToTheEdsBoxAtItsTimeAndOnce() throws Exception {
        arrivals.record(SIH, arrival("V1", "08:30", EdOutcome.SENT, List.of("dr.martin@chu.localhost")));
        arrivals.record(SIH, arrival("V2", "09:00", EdOutcome.GP_NO_BOX, List.of()));

        EdSummaries early = summaries("2026-12-07T06:59:00Z", "08:00");
        assertThat(early.sendDue()).as("07:59 in Paris: the summary of the 5th, due yesterday, not the 6th's").isOne();
        assertThat(early.sendDue()).isZero();
        EdSummaries due = summaries("2026-12-07T07:00:00Z", "08:00");
        assertThat(due.sendDue()).isOne();
        assertThat(due.sendDue()).isZero();
        assertThat(summaries("2026-12-07T09:00:00Z", "08:00").sendDue()).as("a restart the same day").isZero();

        assertThat(sent).extracting(PlannedMail::controlId).containsExactly("summary-2026-12-05", "summary-2026-12-06");
        assertThat(body(sent.get(0))).contains("Patients vus : 0");
        assertThat(sent.get(1)).satisfies(mail -> {
            assertThat(mail.purpose()).isEqualTo(GatewayMessageIds.Purpose.ED_SUMMARY);
            assertThat(mail.recipient()).isEqualTo(ED.address());
            assertThat(mail.from()).isEqualTo(SIH);
            assertThat(mail.controlId()).isEqualTo("summary-2026-12-06");
            assertThat(body(mail)).contains("Patients vus : 2").contains("V2");
        });
        assertThat(DATABASE.count("SELECT count(*) FROM gateway_ed_summary")).isEqualTo(2);
    }

    @Test
    void aServerDownAtTheTimeSendsTheLastSummaryDueWhenItStartsAgain() throws Exception {
        // 06:00 in Paris on 8 December, before its 08:00: the summary of the 6th was due yesterday and never left.
        assertThat(summaries("2026-12-08T05:00:00Z", "08:00").sendDue()).isEqualTo(1);

        assertThat(sent).singleElement().satisfies(mail ->
            assertThat(mail.controlId()).isEqualTo("summary-2026-12-06"));
    }

    @Test
    void aHospitalWithoutAnEdBoxGetsNoSummary() {
        GatewaySettings.Hospital withoutEd = new GatewaySettings.Hospital("chu", SIH, "", Set.of(), Optional.empty(),
            Set.of(), "", Optional.empty());
        peers = new HospitalPeers(List.of(withoutEd), directory, new BoxCertificates(null), Clock.systemUTC());

        assertThat(summaries("2026-12-07T09:00:00Z", "08:00").sendDue()).isZero();
        assertThat(sent).isEmpty();
    }

    private EdSummaries summaries(String now, String summaryAt) {
        return new EdSummaries(peers, arrivals, new EdNotifications(directory, PARIS), outbox, DATABASE.dataSource(),
            settings(summaryAt), "chu.localhost", Clock.fixed(Instant.parse(now), ZoneOffset.UTC));
    }

    private static GatewaySettings settings(String summaryAt) {
        return new GatewaySettings(Optional.empty(), Optional.empty(), 1024 * 1024, 4, Duration.ofMinutes(10),
            PARIS, LocalTime.parse(summaryAt), List.of());
    }

    private static EdArrivals.Arrival arrival(String visit, String time, EdOutcome outcome, List<String> notified) {
        Instant at = DAY.atTime(LocalTime.parse(time)).atZone(PARIS).toInstant();
        return new EdArrivals.Arrival(visit, "1", DAY, at, "Urgences adultes", Optional.of("146026322000196"),
            "Paul DURAND", Optional.of(LocalDate.of(1946, 2, 14)), Optional.of(IdNat.parse("810000005479").value()),
            "Claire MARTIN", notified.stream().map(BoxAddress::parse).toList(), outcome, "raison " + visit,
            outcome == EdOutcome.SENT ? Optional.of("<gw.1@chu.localhost>") : Optional.empty(), at.plusSeconds(5));
    }

    private static String body(PlannedMail mail) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()),
            new ByteArrayInputStream(mail.mime()));
        return String.valueOf(message.getContent());
    }
}
