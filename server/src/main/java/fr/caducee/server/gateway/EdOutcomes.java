package fr.caducee.server.gateway;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.AuditTrail;
import fr.caducee.audit.Decision;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.gateway.DependencyUnavailableException;
import fr.caducee.gateway.admission.EdOutcome;
import fr.caducee.gateway.port.EdArrivals;
import fr.caducee.rules.Rule;

/**
 * {@code GET /gateway/ed-notifications?day=YYYY-MM-DD[&hospital=<box>]}, answered the same for the operator
 * (WebAdmin, {@link EdOutcomesRoutes}) and for a hospital (the HTTPS API, {@link EdOutcomesResource}): each arrival
 * at the emergency department that day (in {@code caducee.gateway.zone}) with the patient, the time, the GP, the
 * outcome and its reason; per hospital and in all, the arrivals by outcome and the share of patients whose GP was
 * told (cancelled admissions left out of both).
 */
public final class EdOutcomes {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HospitalPeers peers;
    private final EdArrivals arrivals;
    private final GatewaySettings settings;
    private final AuditTrail trail;

    public EdOutcomes(HospitalPeers peers, EdArrivals arrivals, GatewaySettings settings, AuditTrail trail) {
        this.peers = peers;
        this.arrivals = arrivals;
        this.settings = settings;
        this.trail = trail;
    }

    /**
     * The answer, after one audit record per hospital read: the arrivals name patients (name, INS, birth date) and
     * their GPs, so who read which hospital's day is traced like a read of the record.
     *
     * @param via {@code api} or {@code webadmin}
     * @param login the box the API authenticated, or the operator WebAdmin's token names
     */
    public String read(LocalDate day, List<GatewaySettings.Hospital> hospitals, String via, String login,
                       String remote) throws DependencyUnavailableException {
        String answer = answer(day, hospitals);
        for (GatewaySettings.Hospital hospital : hospitals) {
            trail.append(AuditRecord.builder(Decision.GATEWAY_READ).rule(Rule.ED_NOTIFICATIONS_READ.id())
                .reason("arrivals at the emergency department of " + day + " read").via(via).login(login)
                .recipients(List.of(hospital.box().address())).remote(remote).build());
        }
        return answer;
    }

    /** A question that cannot be answered as asked: its sentence says why. */
    public static final class Unanswerable extends Exception {
        private final boolean unknownHospital;

        Unanswerable(String sentence, boolean unknownHospital) {
            super(sentence);
            this.unknownHospital = unknownHospital;
        }

        public boolean unknownHospital() {
            return unknownHospital;
        }
    }

    /** The day asked: {@code YYYY-MM-DD}, required. */
    public static LocalDate day(String value) throws Unanswerable {
        if (value == null || value.isBlank()) {
            throw new Unanswerable("Give the day: ?day=YYYY-MM-DD", false);
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new Unanswerable("The day must be written YYYY-MM-DD, was '" + value + "'", false);
        }
    }

    /** The hospital declared with this APP box. */
    public GatewaySettings.Hospital hospital(String box) throws Unanswerable {
        try {
            return peers.hospital(BoxAddress.parse(box.strip())).orElseThrow(() -> new Unanswerable(box
                + " is the box of no hospital declared to the gateway", true));
        } catch (IllegalArgumentException e) {
            throw new Unanswerable("hospital must be a box address, was '" + box + "'", false);
        }
    }

    /** The answer for these hospitals, as a JSON document. */
    public String answer(LocalDate day, List<GatewaySettings.Hospital> hospitals)
            throws DependencyUnavailableException {
        ObjectNode answer = JSON.createObjectNode();
        answer.put("day", day.toString());
        answer.put("zone", settings.zone().getId());
        ArrayNode list = answer.putArray("hospitals");
        Map<EdOutcome, Long> all = new EnumMap<>(EdOutcome.class);
        for (GatewaySettings.Hospital hospital : hospitals) {
            List<EdArrivals.Arrival> day1 = arrivals.ofDay(hospital.box(), day);
            ObjectNode node = list.addObject();
            node.put("hospital", hospital.box().address());
            node.put("id", hospital.id());
            Map<EdOutcome, Long> counts = new EnumMap<>(EdOutcome.class);
            ArrayNode items = node.putArray("arrivals");
            for (EdArrivals.Arrival arrival : day1) {
                items.add(arrival(arrival));
                counts.merge(arrival.outcome(), 1L, Long::sum);
                all.merge(arrival.outcome(), 1L, Long::sum);
            }
            totals(node, counts);
        }
        totals(answer, all);
        return answer.toString();
    }

    /** All the hospitals declared. */
    public List<GatewaySettings.Hospital> everyHospital() {
        return new ArrayList<>(peers.hospitals());
    }

    private static ObjectNode arrival(EdArrivals.Arrival arrival) {
        ObjectNode node = JSON.createObjectNode();
        node.put("visit", arrival.visitId());
        node.put("arrivedAt", arrival.arrivedAt().toString());
        node.put("department", arrival.department());
        ObjectNode patient = node.putObject("patient");
        patient.put("name", arrival.patientName());
        arrival.birthDate().ifPresent(date -> patient.put("birthDate", date.toString()));
        arrival.ins().ifPresent(ins -> patient.put("ins", ins));
        ObjectNode gp = node.putObject("gp");
        arrival.gpId().ifPresent(id -> gp.put("idNat", id));
        gp.put("name", arrival.gpName());
        ArrayNode boxes = gp.putArray("notified");
        arrival.notified().forEach(box -> boxes.add(box.address()));
        node.put("outcome", arrival.outcome().name());
        node.put("rule", arrival.outcome().rule().id());
        node.put("reason", arrival.reason());
        node.put("message", arrival.controlId());
        return node;
    }

    /** Arrivals by outcome; patients seen and those whose GP was told leave the cancelled admissions out. */
    private static void totals(ObjectNode node, Map<EdOutcome, Long> counts) {
        ObjectNode totals = node.putObject("totals");
        long seen = 0;
        for (EdOutcome outcome : EdOutcome.values()) {
            long count = counts.getOrDefault(outcome, 0L);
            totals.put(outcome.name(), count);
            if (outcome != EdOutcome.CANCELLED) {
                seen += count;
            }
        }
        long told = counts.getOrDefault(EdOutcome.SENT, 0L);
        totals.put("patients", seen);
        totals.put("gpNotified", told);
        if (seen > 0) {
            totals.put("notifiedShare", Math.round(1000.0 * told / seen) / 1000.0);
        } else {
            totals.putNull("notifiedShare");
        }
    }

    static Optional<String> blankToEmpty(String value) {
        return Optional.ofNullable(value).map(String::strip).filter(text -> !text.isEmpty());
    }
}
