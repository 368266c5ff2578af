package fr.caducee.gateway.admission;

import static fr.caducee.gateway.AnsMessages.ROL_GP;
import static fr.caducee.gateway.AnsMessages.text;
import static fr.caducee.gateway.AnsMessages.utf8;
import static fr.caducee.gateway.AnsMessages.withField;
import static fr.caducee.gateway.AnsMessages.withSegmentAfter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.Decision;
import fr.caducee.domain.directory.CachedDirectory;
import fr.caducee.domain.directory.Directory;
import fr.caducee.domain.directory.PasswordScheme;
import fr.caducee.domain.directory.store.DirectoryUnavailableException;
import fr.caducee.domain.directory.store.InMemoryDirectoryStore;
import fr.caducee.domain.identifier.Finess;
import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.model.Box;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.BoxStatus;
import fr.caducee.domain.model.BoxType;
import fr.caducee.domain.model.Professional;
import fr.caducee.gateway.DependencyUnavailableException;
import fr.caducee.gateway.GatewayMessageIds;
import fr.caducee.gateway.Peer;
import fr.caducee.gateway.message.Hl7Reader;
import fr.caducee.gateway.message.Hl7Refusal;
import fr.caducee.gateway.message.Inbound;
import fr.caducee.gateway.port.EdArrivals;
import fr.caducee.gateway.port.Outbox;
import fr.caducee.gateway.port.PlannedMail;
import fr.caducee.gateway.port.SubmissionResult;
import fr.caducee.rules.Rule;

/**
 * Admissions on ANS's A01 (with a GP, an ED unit or class), with the directory in memory and the outbox and the
 * arrivals' store as fakes: who is told, what is kept, what is sent once, what a cancellation does.
 */
class AdmissionRouteTest {
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    static final Instant NOW = Instant.parse("2024-03-06T10:15:00Z");
    static final Finess FINESS = Finess.parse("750000010");
    static final IdNat GP = IdNat.parse("810000005479");
    static final BoxAddress GP_BOX = BoxAddress.parse("dr.medecin@cabinet.localhost");
    static final BoxAddress APP = BoxAddress.parse("sih@chu.localhost");
    static final Peer PEER = new Peer(APP, "CHU de Caducée", Set.of(FINESS), Optional.empty(), Set.of("6268"),
        "01 23 45 67 89");
    /** ANS's admission: unit 6268 in ZBE-7, PV1-2 I; with the GP of DOMAIN.md. */
    static final String ADMISSION = withSegmentAfter(text("pam/admission.er7"), "PID", ROL_GP);

    final InMemoryDirectoryStore store = new InMemoryDirectoryStore();
    final Directory directory = new CachedDirectory(store, domain -> true, new NoPasswords(),
        new CachedDirectory.CacheSettings(Duration.ofMillis(2), 1_000));
    final FakeOutbox outbox = new FakeOutbox();
    final FakeArrivals arrivals = new FakeArrivals();
    final List<AuditRecord> trail = new ArrayList<>();
    final AdmissionRoute route = new AdmissionRoute(new AdmissionReader(PARIS), new EdNotifications(directory, PARIS),
        arrivals, outbox, trail::add, "chu.localhost", PARIS, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void anArrivalAtTheEdIsToldToTheGpsBoxKeptAndAudited() throws Exception {
        registerGp(BoxStatus.ACTIVE);

        String summary = route.handle(PEER, inbound(ADMISSION));

        assertThat(summary).contains("visit 000897406").contains("SENT").contains(GP_BOX.address());
        assertThat(outbox.sent).singleElement().satisfies(mail -> {
            assertThat(mail.purpose()).isEqualTo(GatewayMessageIds.Purpose.ED_NOTICE);
            assertThat(mail.recipient()).isEqualTo(GP_BOX.address());
            assertThat(mail.controlId()).isEqualTo("3975");
            assertThat(mail.messageId()).isEqualTo(GatewayMessageIds.of(APP, "3975",
                GatewayMessageIds.Purpose.ED_NOTICE, GP_BOX.address(), "chu.localhost"));
        });
        EdArrivals.Arrival kept = arrivals.find(APP, "000897406").orElseThrow();
        assertThat(kept.outcome()).isEqualTo(EdOutcome.SENT);
        assertThat(kept.notified()).containsExactly(GP_BOX);
        assertThat(kept.day()).isEqualTo(LocalDate.of(2024, 3, 6));
        assertThat(kept.ins()).contains("279035121518989");
        assertThat(kept.gpId()).contains(GP.value());
        assertThat(kept.noticeMessageId()).contains(outbox.sent.get(0).messageId());
        assertThat(trail).singleElement().satisfies(record -> {
            assertThat(record.decision()).isEqualTo(Decision.ED_ARRIVAL);
            assertThat(record.rule()).isEqualTo(Rule.ED_GP_NOTIFIED.id());
            assertThat(record.mail()).isEqualTo("ed-visit:000897406");
            assertThat(record.sender()).isEqualTo(APP.address());
            assertThat(record.messageId()).isEqualTo("3975");
            assertThat(record.recipients()).containsExactly(GP_BOX.address());
            assertThat(record.reason()).doesNotContain("PAT-TROIS");
        });
    }

    @Test
    void aSecondMessageAboutAVisitWhoseNoticeLeftSendsNothingAgain() throws Exception {
        registerGp(BoxStatus.ACTIVE);
        route.handle(PEER, inbound(ADMISSION));

        String summary = route.handle(PEER, inbound(withField(withField(ADMISSION, "MSH", 10, "3976"), "MSH", 9,
            "ADT^A04^ADT_A01")));

        assertThat(summary).contains("told already");
        assertThat(outbox.sent).hasSize(1);
        assertThat(trail).hasSize(1);
    }

    @Test
    void theSameMessageHandledAgainAfterACrashSubmitsTheSameMessageIds() throws Exception {
        registerGp(BoxStatus.ACTIVE);
        route.handle(PEER, inbound(ADMISSION));
        arrivals.rows.clear();

        route.handle(PEER, inbound(ADMISSION));

        assertThat(outbox.sent).hasSize(2);
        assertThat(outbox.sent.get(1).messageId()).isEqualTo(outbox.sent.get(0).messageId());
    }

    @Test
    void eachOutcomeWhereTheGpCannotBeToldIsKeptWithItsRule() throws Exception {
        assertOutcome(withoutGp(ADMISSION), EdOutcome.NO_GP, Rule.ED_NO_GP);
        assertOutcome(ADMISSION, EdOutcome.GP_UNKNOWN, Rule.ED_GP_UNKNOWN);
        store.putProfessional(new Professional(GP, "DR", "MEDECIN", "JEAN", "10", "Médecin", "SM54", ""));
        directory.forget(GP);
        assertOutcome(ADMISSION, EdOutcome.GP_NO_BOX, Rule.ED_GP_NO_BOX);
        store.putBox(gpBox(BoxStatus.SUSPENDED));
        directory.forget(GP);
        assertOutcome(ADMISSION, EdOutcome.GP_BOX_SUSPENDED, Rule.ED_GP_BOX_SUSPENDED);
        assertThat(outbox.sent).isEmpty();
    }

    @Test
    void aVisitWhoseGpCouldNotBeToldIsDecidedAgainWhenTheHospitalNamesTheGpLater() throws Exception {
        registerGp(BoxStatus.ACTIVE);
        route.handle(PEER, inbound(withoutGp(ADMISSION)));

        route.handle(PEER, inbound(withField(ADMISSION, "MSH", 10, "3977")));

        assertThat(arrivals.find(APP, "000897406").orElseThrow().outcome()).isEqualTo(EdOutcome.SENT);
        assertThat(trail).extracting(AuditRecord::rule).containsExactly(Rule.ED_NO_GP.id(), Rule.ED_GP_NOTIFIED.id());
    }

    @Test
    void aNoticeTheChainRefusesMakesTheOutcomeRefusedWithTheChainsWords() throws Exception {
        registerGp(BoxStatus.ACTIVE);
        outbox.refusal = new SubmissionResult.Refused("550 5.7.1", "some-rule", "not today");

        route.handle(PEER, inbound(ADMISSION));

        EdArrivals.Arrival kept = arrivals.find(APP, "000897406").orElseThrow();
        assertThat(kept.outcome()).isEqualTo(EdOutcome.REFUSED);
        assertThat(kept.reason()).contains("550 5.7.1").contains("not today");
        assertThat(kept.notified()).isEmpty();
        assertThat(trail).singleElement().satisfies(record ->
            assertThat(record.rule()).isEqualTo(Rule.ED_NOTICE_REFUSED.id()));
    }

    @Test
    void aCancellationSendsACorrectionOnlyWhenANoticeLeft() throws Exception {
        registerGp(BoxStatus.ACTIVE);
        route.handle(PEER, inbound(ADMISSION));

        String summary = route.handle(PEER, inbound(cancellation("3980")));
        String again = route.handle(PEER, inbound(cancellation("3981")));

        assertThat(summary).contains("CANCELLED").contains("correction to " + GP_BOX.address());
        assertThat(again).contains("cancelled already");
        assertThat(outbox.sent).extracting(PlannedMail::purpose).containsExactly(GatewayMessageIds.Purpose.ED_NOTICE,
            GatewayMessageIds.Purpose.ED_CORRECTION);
        assertThat(arrivals.find(APP, "000897406").orElseThrow().outcome()).isEqualTo(EdOutcome.CANCELLED);
        assertThat(trail).extracting(AuditRecord::rule).containsExactly(Rule.ED_GP_NOTIFIED.id(),
            Rule.ED_CANCELLED.id());
    }

    @Test
    void aCancellationOfAVisitWhoseGpWasNotToldSendsNothing() throws Exception {
        route.handle(PEER, inbound(withoutGp(ADMISSION)));

        route.handle(PEER, inbound(cancellation("3982")));

        assertThat(outbox.sent).isEmpty();
        assertThat(arrivals.find(APP, "000897406").orElseThrow().outcome()).isEqualTo(EdOutcome.CANCELLED);
    }

    @Test
    void aCancellationOfAVisitNeverSeenChangesNothing() throws Exception {
        assertThat(route.handle(PEER, inbound(cancellation("3983")))).contains("nothing to do");
        assertThat(arrivals.rows).isEmpty();
        assertThat(trail).isEmpty();
    }

    @Test
    void otherEventsAndAdmissionsOutsideTheEdAreAcknowledgedWithNothingDone() throws Exception {
        registerGp(BoxStatus.ACTIVE);
        Peer noEdUnit = new Peer(APP, "CHU", Set.of(FINESS), Optional.empty(), Set.of(), "");

        assertThat(route.handle(PEER, inbound(withField(text("pam/sortie.er7"), "MSH", 10, "4000"))))
            .contains("nothing for the gateway to do");
        assertThat(route.handle(PEER, inbound(withField(ADMISSION, "MSH", 9, "ADT^A13^ADT_A01"))))
            .contains("nothing for the gateway to do");
        assertThat(route.handle(noEdUnit, inbound(ADMISSION))).contains("not an arrival at the emergency department");
        assertThat(outbox.sent).isEmpty();
        assertThat(arrivals.rows).isEmpty();

        assertThat(route.handle(noEdUnit, inbound(withField(ADMISSION, "PV1", 2, "E")))).contains("SENT");
    }

    @Test
    void theDirectoryDownMakesTheMessageAnsweredArWithNothingKept() throws Exception {
        registerGp(BoxStatus.ACTIVE);
        store.fault((operation, key) -> new DirectoryUnavailableException("down", null));

        assertThatThrownBy(() -> route.handle(PEER, inbound(ADMISSION)))
            .isInstanceOf(DependencyUnavailableException.class);
        assertThat(arrivals.rows).isEmpty();
        assertThat(outbox.sent).isEmpty();
    }

    @Test
    void onlyAdtIsTaken() throws Exception {
        assertThat(route.takes(inbound(ADMISSION).header())).isTrue();
        assertThat(route.takes(new Hl7Reader().read(utf8(text("oru/initial.hl7"))).header())).isFalse();
    }

    private void assertOutcome(String message, EdOutcome outcome, Rule rule) throws Exception {
        arrivals.rows.clear();
        trail.clear();
        route.handle(PEER, inbound(message));
        assertThat(arrivals.find(APP, "000897406").orElseThrow().outcome()).isEqualTo(outcome);
        assertThat(trail).singleElement().satisfies(record -> assertThat(record.rule()).isEqualTo(rule.id()));
    }

    private static String cancellation(String controlId) {
        return withField(withField(ADMISSION, "MSH", 9, "ADT^A11^ADT_A09"), "MSH", 10, controlId);
    }

    private static String withoutGp(String message) {
        return String.join("\r", List.of(message.split("\r")).stream().filter(s -> !s.startsWith("ROL|")).toList());
    }

    private static Inbound inbound(String text) throws Hl7Refusal {
        return new Hl7Reader().read(utf8(text));
    }

    private void registerGp(BoxStatus status) {
        store.putProfessional(new Professional(GP, "DR", "MEDECIN", "JEAN", "10", "Médecin", "SM54", ""));
        store.putBox(gpBox(status));
        directory.forget(GP);
    }

    private static Box gpBox(BoxStatus status) {
        return new Box(GP_BOX, BoxType.PER, Optional.of(GP), Optional.empty(), Optional.empty(), Set.of(), false,
            status, Instant.parse("2026-01-05T09:00:00Z"), "", "");
    }

    static final class FakeOutbox implements Outbox {
        final List<PlannedMail> sent = new ArrayList<>();
        SubmissionResult.Refused refusal;

        @Override
        public SubmissionResult send(PlannedMail mail) {
            sent.add(mail);
            return refusal != null ? refusal : new SubmissionResult.Accepted(false);
        }
    }

    static final class FakeArrivals implements EdArrivals {
        final Map<String, Arrival> rows = new HashMap<>();

        @Override
        public Optional<Arrival> find(BoxAddress peer, String visitId) {
            return Optional.ofNullable(rows.get(peer.address() + "/" + visitId));
        }

        @Override
        public void record(BoxAddress peer, Arrival arrival) {
            rows.put(peer.address() + "/" + arrival.visitId(), arrival);
        }

        @Override
        public List<Arrival> ofDay(BoxAddress peer, LocalDate day) {
            return rows.values().stream().filter(arrival -> arrival.day().equals(day)).toList();
        }
    }

    private static final class NoPasswords implements PasswordScheme {
        @Override
        public String hash(String password) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean verify(String password, String storedHash) {
            return false;
        }
    }
}
