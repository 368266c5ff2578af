package fr.caducee.gateway.admission;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.identifier.InvalidIdentifierException;
import fr.caducee.gateway.message.Hl7Refusal;
import fr.caducee.gateway.message.Hl7Time;
import fr.caducee.gateway.message.Inbound;
import fr.caducee.gateway.message.Segments;
import fr.caducee.rules.Rule;

/**
 * Reads an ADT message of IHE PAM France 2.11 (HAPI's v2.5 structures, ZBE as a generic segment).
 *
 * <p>The GP (médecin traitant) is the first ROL whose role (ROL-3) is {@code ODRP} and whose action (ROL-2) is not
 * {@code DE} (a GP being removed), else PD1-4. Their number is taken by its length, as {@link GpReference} says; a
 * number that is neither is refused rather than dropped: acting on the wrong professional, or telling nobody while
 * the hospital believes the GP was told, are both worse than an {@code AE} the interface team sees. The INS is read
 * when valid; a wrong one does not stop the notice (it does not carry it), whereas a document needs it.
 */
public final class AdmissionReader {
    private static final ZoneId FRANCE = ZoneId.of("Europe/Paris");

    private final ZoneId zone;

    public AdmissionReader() {
        this(FRANCE);
    }

    /** @param zone the hospital's zone, for times written without an offset */
    public AdmissionReader(ZoneId zone) {
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /**
     * @return the admission; for an ADT event the gateway does not act on, a refusal is not right: callers ask
     *     {@link AdmissionEvent#of} first and acknowledge others with nothing done
     * @throws Hl7Refusal {@code hl7-required-field-missing} (no PID, no visit id nor movement id, no time)
     * @throws IllegalArgumentException the message's trigger event is not an {@link AdmissionEvent}
     */
    public Admission read(Inbound message) throws Hl7Refusal {
        AdmissionEvent event = AdmissionEvent.of(message.header().triggerEvent()).orElseThrow(() ->
            new IllegalArgumentException("ADT^" + message.header().triggerEvent() + " is not an event the gateway "
                + "acts on: ask AdmissionEvent.of first"));
        List<Segments> segments = Segments.of(message.message());
        Segments pid = first(segments, "PID").orElseThrow(() -> missing(message, "the message has no PID segment: "
            + "an admission names its patient", "PID^1"));
        PatientTraits patient = PatientReader.read(pid);
        if (patient.family().isEmpty()) {
            throw missing(message, "PID-5 gives no family name: the GP's notice names the patient", pid.location(5));
        }
        Optional<Segments> pv1 = first(segments, "PV1");
        Optional<Segments> zbe = first(segments, "ZBE");
        String movementId = zbe.map(s -> s.value(1)).orElse("");
        String visitId = pv1.map(s -> s.value(19)).filter(id -> !id.isEmpty()).orElse(movementId);
        if (visitId.isEmpty()) {
            throw missing(message, "neither PV1-19 (the visit number) nor ZBE-1 (the movement id) is given: the "
                + "hospital's reference is what the GP quotes and what a cancellation names", "PV1^1^19");
        }
        String department = firstOf(pv1.map(s -> s.value(3, 1)), zbe.map(s -> s.value(7, 1)),
            pv1.map(s -> s.value(3, 0, 4, 1)));
        String unitCode = firstOf(zbe.map(s -> s.value(7, 10)), pv1.map(s -> s.value(3, 1)));
        return new Admission(message, event, pv1.map(s -> s.value(2)).orElse(""), patient, visitId, movementId,
            zbe.map(s -> s.value(4)).orElse(""), department, unitCode, arrivedAt(message, segments),
            gp(message, segments));
    }

    /** EVN-6 (when the event occurred), else EVN-2 (when it was recorded), else MSH-7. */
    private Instant arrivedAt(Inbound message, List<Segments> segments) throws Hl7Refusal {
        Optional<Segments> evn = first(segments, "EVN");
        Segments msh = first(segments, "MSH").orElseThrow();
        for (Field field : List.of(new Field(evn, 6), new Field(evn, 2), new Field(Optional.of(msh), 7))) {
            String value = field.segment.map(s -> s.value(field.number)).orElse("");
            if (value.isEmpty()) {
                continue;
            }
            Optional<Instant> time = Hl7Time.instant(value, zone);
            if (time.isEmpty()) {
                throw missing(message, field.segment.get().name() + "-" + field.number + " '" + value + "' is not an "
                    + "HL7 time to the minute (YYYYMMDDHHMM[SS][+ZZZZ])", field.segment.get().location(field.number));
            }
            return time.get();
        }
        throw missing(message, "EVN-6, EVN-2 and MSH-7 give no time: the notice says when the patient arrived",
            "EVN^1^6");
    }

    private static Optional<GpReference> gp(Inbound message, List<Segments> segments) throws Hl7Refusal {
        for (Segments rol : Segments.named(segments, "ROL")) {
            if (rol.value(3).equals("ODRP") && !rol.value(2).equals("DE") && !rol.value(4).isEmpty()) {
                return Optional.of(reference(message, rol, 4, GpReference.Source.ROL_ODRP));
            }
        }
        Optional<Segments> pd1 = first(segments, "PD1");
        if (pd1.isPresent() && !pd1.get().value(4).isEmpty()) {
            return Optional.of(reference(message, pd1.get(), 4, GpReference.Source.PD1_4));
        }
        return Optional.empty();
    }

    /** The XCN of a professional: XCN-1 the number, XCN-2 the family name, XCN-3 the given name. */
    private static GpReference reference(Inbound message, Segments segment, int field, GpReference.Source source)
            throws Hl7Refusal {
        String number = segment.value(field);
        try {
            return new GpReference(idNat(number), segment.value(field, 0, 2, 1), segment.value(field, 3),
                source);
        } catch (InvalidIdentifierException e) {
            throw missing(message, segment.name() + "-" + field + " names the GP with '" + number + "', which is "
                + "neither an RPPS number (11 digits, or 12 from 8 as an idNat) nor an ADELI number (9 digits, or 10 "
                + "from 0): " + e.getMessage(), segment.location(field));
        }
    }

    private static IdNat idNat(String number) {
        boolean digits = !number.isEmpty() && number.chars().allMatch(Character::isDigit);
        if (digits && number.length() == IdNat.Kind.RPPS.length()) {
            return IdNat.rpps(number);
        }
        if (digits && number.length() == IdNat.Kind.ADELI.length()) {
            return IdNat.adeli(number);
        }
        return IdNat.parse(number);
    }

    private static Optional<Segments> first(List<Segments> segments, String name) {
        return Segments.named(segments, name).stream().findFirst();
    }

    @SafeVarargs
    private static String firstOf(Optional<String>... values) {
        for (Optional<String> value : values) {
            if (value.isPresent() && !value.get().isEmpty()) {
                return value.get();
            }
        }
        return "";
    }

    private static Hl7Refusal missing(Inbound message, String sentence, String location) {
        return new Hl7Refusal(Rule.HL7_REQUIRED_FIELD, sentence, Optional.of(message.header()), location);
    }

    private record Field(Optional<Segments> segment, int number) {
    }
}
