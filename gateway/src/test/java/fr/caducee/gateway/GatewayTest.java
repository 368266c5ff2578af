package fr.caducee.gateway;

import static fr.caducee.gateway.AnsMessages.text;
import static fr.caducee.gateway.AnsMessages.utf8;
import static fr.caducee.gateway.AnsMessages.withField;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.AuditUnavailableException;
import fr.caducee.audit.Decision;
import fr.caducee.domain.identifier.Finess;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.gateway.message.Acknowledgements;
import fr.caducee.gateway.message.Header;
import fr.caducee.gateway.message.Hl7Reader;
import fr.caducee.gateway.message.Hl7Refusal;
import fr.caducee.gateway.message.Inbound;
import fr.caducee.gateway.mllp.MllpFramingException;
import fr.caducee.gateway.port.Answers;
import fr.caducee.gateway.port.Facilities;
import fr.caducee.rules.Rule;

/**
 * A hospital's message from its frame to its acknowledgement, with the store, the facilities and the route as fakes:
 * what is answered, what is kept, what is done once, what is audited.
 */
class GatewayTest {
    static final Instant NOW = Instant.parse("2024-03-06T10:12:00Z");
    static final Finess FINESS = Finess.parse("750000010");
    static final Peer PEER = new Peer(BoxAddress.parse("sih@chu.localhost"), "CHU", Set.of(FINESS), Optional.empty(),
        Set.of(), "");
    static final Connection CONNECTION = new Connection("mllp-1", "127.0.0.1", "CN=sih@chu.localhost");
    static final String ADMISSION = withField(text("pam/admission.er7"), "MSH", 4, "CHU-X^750000010^M");

    final Map<String, Answers.Answer> kept = new HashMap<>();
    final List<AuditRecord> trail = new ArrayList<>();
    final FakeRoute route = new FakeRoute();
    boolean auditDown;
    final Answers answers = new Answers() {
        @Override
        public Optional<Answer> find(BoxAddress peer, String controlId) throws DependencyUnavailableException {
            if (route.databaseDown) {
                throw new DependencyUnavailableException("the database cannot be reached", null);
            }
            return Optional.ofNullable(kept.get(peer.address() + "/" + controlId));
        }

        @Override
        public Answer keep(BoxAddress peer, Header header, Instant receivedAt, Answer answer) {
            return kept.merge(peer.address() + "/" + header.controlId(), answer, (first, second) -> first);
        }
    };
    final Facilities facilities = new Facilities() {
        @Override
        public void check(Peer peer, Header header) throws Hl7Refusal {
            if (!header.sendingFacility().contains(FINESS.number())) {
                throw new Hl7Refusal(Rule.HL7_FACILITY_NOT_ALLOWED, "not yours", Optional.of(header), "MSH^1^4");
            }
        }

        @Override
        public Optional<Peer> byFacility(Header header) {
            return header.sendingFacility().contains(FINESS.number()) ? Optional.of(PEER) : Optional.empty();
        }
    };
    final Gateway gateway = new Gateway(new Hl7Reader(), new Acknowledgements(Clock.fixed(NOW, ZoneOffset.UTC),
        ZoneId.of("Europe/Paris")), facilities, answers, record -> {
            if (auditDown) {
                throw new AuditUnavailableException("disk full", null);
            }
            trail.add(record);
        }, List.of(route), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aMessageTheRouteHandledIsAcceptedKeptAndAudited() {
        String ack = answer(ADMISSION);

        assertThat(msa(ack)).isEqualTo("MSA|AA|3975");
        assertThat(route.handled).hasValue(1);
        assertThat(kept).containsKey("sih@chu.localhost/3975");
        assertThat(trail).singleElement().satisfies(record -> {
            assertThat(record.decision()).isEqualTo(Decision.HL7_HANDLED);
            assertThat(record.via()).isEqualTo("gateway");
            assertThat(record.sender()).isEqualTo("sih@chu.localhost");
            assertThat(record.messageId()).isEqualTo("3975");
            assertThat(record.reason()).isEqualTo("notice sent");
            assertThat(record.peer()).isEqualTo("CN=sih@chu.localhost");
            assertThat(record.remote()).isEqualTo("127.0.0.1");
            assertThat(record.time()).isEqualTo(NOW);
        });
    }

    @Test
    void theSameMessageSentAgainGetsTheSameBytesAndNothingIsDoneAgain() {
        byte[] first = gateway.answer(utf8(ADMISSION), PEER, CONNECTION);
        byte[] second = gateway.answer(utf8(ADMISSION), PEER, CONNECTION);

        assertThat(second).isEqualTo(first);
        assertThat(route.handled).hasValue(1);
        assertThat(trail).hasSize(2);
        assertThat(trail.get(1).reason()).startsWith("sent again, answered AA");
    }

    @Test
    void aDependencyDownIsAnsweredArAndNothingIsKeptSoThatTheResendIsHandled() {
        route.directoryDown = true;
        String ack = answer(ADMISSION);

        assertThat(msa(ack)).isEqualTo("MSA|AR|3975");
        assertThat(ack).contains(Rule.HL7_DEPENDENCY_UNAVAILABLE.id());
        assertThat(kept).isEmpty();
        assertThat(trail).singleElement().satisfies(record -> {
            assertThat(record.decision()).isEqualTo(Decision.REFUSED);
            assertThat(record.rule()).isEqualTo(Rule.HL7_DEPENDENCY_UNAVAILABLE.id());
        });

        route.directoryDown = false;
        assertThat(msa(answer(ADMISSION))).isEqualTo("MSA|AA|3975");
    }

    @Test
    void aDatabaseDownBeforeTheRouteIsAnsweredArToo() {
        route.databaseDown = true;

        assertThat(msa(answer(ADMISSION))).isEqualTo("MSA|AR|3975");
        assertThat(route.handled).hasValue(0);
    }

    @Test
    void aMessageTheRouteRefusesIsAnsweredAeKeptAndAudited() {
        route.refusal = Rule.HL7_REQUIRED_FIELD;

        String ack = answer(ADMISSION);
        String again = answer(ADMISSION);

        assertThat(msa(ack)).isEqualTo("MSA|AE|3975");
        assertThat(ack).contains("ERR|").contains(Rule.HL7_REQUIRED_FIELD.id()).contains("PID^1^3");
        assertThat(again).isEqualTo(ack);
        assertThat(route.handled).hasValue(1);
        assertThat(trail.get(0).rule()).isEqualTo(Rule.HL7_REQUIRED_FIELD.id());
        assertThat(trail.get(0).reason()).startsWith("AE 101 ");
    }

    @Test
    void aMessageTheReaderRefusesIsAnsweredAeKeptAndAudited() {
        String unknownVersion = withField(ADMISSION, "MSH", 12, "2.3");

        String ack = answer(unknownVersion);

        assertThat(msa(ack)).isEqualTo("MSA|AE|3975");
        assertThat(ack).contains(Rule.HL7_UNSUPPORTED_VERSION.id());
        assertThat(kept).containsKey("sih@chu.localhost/3975");
        assertThat(trail).singleElement().satisfies(record ->
            assertThat(record.rule()).isEqualTo(Rule.HL7_UNSUPPORTED_VERSION.id()));
        assertThat(route.handled).hasValue(0);
    }

    @Test
    void aFacilityNotThePeersIsRefusedAndNotKeptSinceTheOperatorMayDeclareIt() {
        String ack = answer(withField(ADMISSION, "MSH", 4, "CLINIQUE^123456782^M"));

        assertThat(msa(ack)).isEqualTo("MSA|AE|3975");
        assertThat(ack).contains(Rule.HL7_FACILITY_NOT_ALLOWED.id());
        assertThat(kept).isEmpty();
        assertThat(route.handled).hasValue(0);
        assertThat(trail).singleElement().satisfies(record ->
            assertThat(record.rule()).isEqualTo(Rule.HL7_FACILITY_NOT_ALLOWED.id()));
    }

    @Test
    void aFrameTheReaderCouldNotTakeIsAnsweredWithoutMsa2() {
        byte[] ack = gateway.refuseFrame(new MllpFramingException(Rule.HL7_TOO_LARGE, "more than 16 MiB", false),
            Optional.of(PEER), CONNECTION);

        assertThat(msa(new String(ack, StandardCharsets.US_ASCII))).isEqualTo("MSA|AE|");
        assertThat(trail).singleElement().satisfies(record -> {
            assertThat(record.rule()).isEqualTo(Rule.HL7_TOO_LARGE.id());
            assertThat(record.sender()).isEqualTo("sih@chu.localhost");
        });
    }

    @Test
    void aCertificateOfNoHospitalGetsAePeerUnknownAddressedToItsMessage() {
        String ack = new String(gateway.refuseUnknownPeer(utf8(ADMISSION), CONNECTION), StandardCharsets.UTF_8);

        assertThat(msa(ack)).isEqualTo("MSA|AE|3975");
        assertThat(ack).contains(Rule.HL7_PEER_UNKNOWN.id());
        assertThat(route.handled).hasValue(0);
        assertThat(trail).singleElement().satisfies(record -> {
            assertThat(record.rule()).isEqualTo(Rule.HL7_PEER_UNKNOWN.id());
            assertThat(record.sender()).isNull();
            assertThat(record.peer()).isEqualTo("CN=sih@chu.localhost");
        });
    }

    @Test
    void onThePlainListenerTheHospitalIsTheOneMsh4Names() {
        Connection plain = new Connection("mllp-2", "127.0.0.1", "");

        assertThat(msa(new String(gateway.answerByFacility(utf8(ADMISSION), plain), StandardCharsets.UTF_8)))
            .isEqualTo("MSA|AA|3975");
        String stranger = new String(gateway.answerByFacility(utf8(withField(ADMISSION, "MSH", 4,
            "CLINIQUE^123456782^M")), plain), StandardCharsets.UTF_8);
        assertThat(msa(stranger)).isEqualTo("MSA|AE|3975");
        assertThat(stranger).contains(Rule.HL7_PEER_UNKNOWN.id());
    }

    @Test
    void aMessageNoRouteTakesIsRefusedAsAnUnsupportedType() {
        route.takes = false;

        String ack = answer(ADMISSION);

        assertThat(msa(ack)).isEqualTo("MSA|AE|3975");
        assertThat(ack).contains(Rule.HL7_UNSUPPORTED_TYPE.id());
    }

    @Test
    void aFailureOfOursIsAnsweredAeWithoutItsDetailsAndNotKept() {
        route.bug = true;

        String ack = answer(ADMISSION);

        assertThat(msa(ack)).isEqualTo("MSA|AE|3975");
        assertThat(ack).contains(Rule.HL7_INTERNAL_ERROR.id()).doesNotContain("NullPointer");
        assertThat(kept).isEmpty();
    }

    @Test
    void nothingIsAcceptedThatTheTrailCannotRecord() {
        auditDown = true;

        String ack = answer(ADMISSION);

        assertThat(msa(ack)).isEqualTo("MSA|AR|3975");
        assertThat(kept).isEmpty();
    }

    private String answer(String message) {
        return new String(gateway.answer(utf8(message), PEER, CONNECTION), StandardCharsets.UTF_8);
    }

    private static String msa(String ack) {
        return List.of(ack.split("\r")).stream().filter(segment -> segment.startsWith("MSA|")).findFirst()
            .map(segment -> String.join("|", List.of(segment.split("\\|", -1)).subList(0, 3)))
            .orElseThrow();
    }

    static final class FakeRoute implements MessageRoute {
        final AtomicInteger handled = new AtomicInteger();
        volatile boolean takes = true;
        volatile boolean directoryDown;
        volatile boolean databaseDown;
        volatile boolean bug;
        volatile Rule refusal;

        @Override
        public boolean takes(Header header) {
            return takes;
        }

        @Override
        public String handle(Peer peer, Inbound message) throws Hl7Refusal, DependencyUnavailableException {
            handled.incrementAndGet();
            if (directoryDown) {
                throw new DependencyUnavailableException("the directory cannot be reached", null);
            }
            if (bug) {
                throw new NullPointerException("a bug");
            }
            if (refusal != null) {
                throw new Hl7Refusal(refusal, "PID-3 has no INS", Optional.of(message.header()), "PID^1^3");
            }
            return "notice sent";
        }
    }
}
