package fr.caducee.gateway.admission;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.AuditTrail;
import fr.caducee.audit.Decision;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.gateway.DependencyUnavailableException;
import fr.caducee.gateway.MessageRoute;
import fr.caducee.gateway.Peer;
import fr.caducee.gateway.message.Header;
import fr.caducee.gateway.message.Hl7Refusal;
import fr.caducee.gateway.message.Inbound;
import fr.caducee.gateway.port.EdArrivals;
import fr.caducee.gateway.port.Outbox;
import fr.caducee.gateway.port.PlannedMail;
import fr.caducee.gateway.port.SubmissionResult;

/**
 * Patient movements (ADT): an arrival at the hospital's emergency department ({@link EdNotifications#isEdArrival}:
 * A04, A01 or A06 with PV1-2 {@code E} or a unit declared as the ED) is told to the patient's GP, a cancellation (A11)
 * corrects a notice that left; every other ADT event is acknowledged with nothing done (A03's report follows as a
 * document, A13 and the rest change nothing the gateway keeps).
 *
 * <p>One outcome per visit (PV1-19, else ZBE-1), kept in {@link EdArrivals} and audited ({@code ED_ARRIVAL}, the
 * outcome's rule, {@code mail} naming the visit): a second message about a visit whose notice left sends nothing
 * again; one about a visit whose GP could not be told decides again (the hospital may have named the GP since). The
 * notices go through the {@link Outbox} under Message-IDs drawn from the message, so that handling it again after a
 * crash sends nothing twice. Messages about one visit are handled one at a time.
 */
public final class AdmissionRoute implements MessageRoute {
    /** Names the visit in the audit records of its outcome ({@code mail}), for the monthly indicators. */
    public static final String VISIT_PREFIX = "ed-visit:";
    private static final String VIA = "gateway";
    private static final int STRIPES = 64;

    private final AdmissionReader reader;
    private final EdNotifications notifications;
    private final EdArrivals arrivals;
    private final Outbox outbox;
    private final AuditTrail audit;
    private final String domain;
    private final ZoneId zone;
    private final Clock clock;
    private final ReentrantLock[] visits = new ReentrantLock[STRIPES];

    /**
     * @param domain the server's domain, the right-hand side of the notices' Message-IDs
     * @param zone   the zone an arrival's day is counted in
     */
    public AdmissionRoute(AdmissionReader reader, EdNotifications notifications, EdArrivals arrivals, Outbox outbox,
                          AuditTrail audit, String domain, ZoneId zone, Clock clock) {
        this.reader = reader;
        this.notifications = notifications;
        this.arrivals = arrivals;
        this.outbox = outbox;
        this.audit = audit;
        this.domain = domain;
        this.zone = zone;
        this.clock = clock;
        for (int i = 0; i < STRIPES; i++) {
            visits[i] = new ReentrantLock();
        }
    }

    @Override
    public boolean takes(Header header) {
        return header.messageCode().equals("ADT");
    }

    @Override
    public String handle(Peer peer, Inbound message) throws Hl7Refusal, DependencyUnavailableException {
        Header header = message.header();
        Optional<AdmissionEvent> event = AdmissionEvent.of(header.triggerEvent());
        if (event.isEmpty() || event.get() == AdmissionEvent.DISCHARGED
                || event.get() == AdmissionEvent.DISCHARGE_CANCELLED) {
            return "ADT^" + header.triggerEvent() + ": nothing for the gateway to do";
        }
        Admission admission = reader.read(message);
        ReentrantLock lock = visits[Math.floorMod((peer.box().address() + "\0" + admission.visitId()).hashCode(),
            STRIPES)];
        lock.lock();
        try {
            if (event.get() == AdmissionEvent.ADMISSION_CANCELLED) {
                return cancellation(peer, admission);
            }
            if (!EdNotifications.isEdArrival(peer, admission)) {
                return "ADT^" + header.triggerEvent() + " visit " + admission.visitId() + ": not an arrival at the "
                    + "emergency department (PV1-2 '" + admission.patientClass() + "', unit '" + admission.unitCode()
                    + "'), nothing to do";
            }
            return arrival(peer, admission);
        } finally {
            lock.unlock();
        }
    }

    private String arrival(Peer peer, Admission admission) throws DependencyUnavailableException {
        Optional<EdArrivals.Arrival> known = arrivals.find(peer.box(), admission.visitId());
        if (known.isPresent() && known.get().outcome() == EdOutcome.SENT) {
            return "arrival at the emergency department, visit " + admission.visitId() + ": the GP was told already ("
                + String.join(", ", known.get().notified().stream().map(BoxAddress::address).toList())
                + "), nothing sent again";
        }
        EdDecision decision = notifications.arrival(peer, admission);
        List<BoxAddress> notified = new ArrayList<>();
        Optional<String> firstNotice = Optional.empty();
        Optional<SubmissionResult.Refused> refusal = Optional.empty();
        Instant now = clock.instant();
        for (EdNotice notice : decision.notices()) {
            PlannedMail mail = notice.planned(admission.message().header().controlId(), domain, now);
            SubmissionResult result = outbox.send(mail);
            if (result instanceof SubmissionResult.Refused refused) {
                refusal = refusal.or(() -> Optional.of(refused));
                continue;
            }
            notified.add(notice.to());
            firstNotice = firstNotice.or(() -> Optional.of(mail.messageId()));
        }
        if (decision.outcome() == EdOutcome.SENT && notified.isEmpty()) {
            decision = EdNotifications.refused(decision, refusal.orElseThrow());
        }
        keep(peer, admission, decision, notified, firstNotice, now);
        return "arrival at the emergency department, visit " + admission.visitId() + ": " + decision.outcome()
            + (notified.isEmpty() ? "" : ", notice to " + String.join(", ",
                notified.stream().map(BoxAddress::address).toList()));
    }

    private String cancellation(Peer peer, Admission cancellation) throws DependencyUnavailableException {
        Optional<EdArrivals.Arrival> known = arrivals.find(peer.box(), cancellation.visitId());
        if (known.isEmpty()) {
            return "cancellation of visit " + cancellation.visitId() + ": no arrival at the emergency department "
                + "known for it, nothing to do";
        }
        if (known.get().outcome() == EdOutcome.CANCELLED) {
            return "cancellation of visit " + cancellation.visitId() + ": cancelled already, nothing to do";
        }
        List<BoxAddress> told = known.get().outcome() == EdOutcome.SENT ? known.get().notified() : List.of();
        EdDecision decision = notifications.cancellation(peer, cancellation, told);
        List<BoxAddress> corrected = new ArrayList<>();
        Instant now = clock.instant();
        for (EdNotice correction : decision.notices()) {
            if (outbox.send(correction.planned(cancellation.message().header().controlId(), domain, now))
                    instanceof SubmissionResult.Accepted) {
                corrected.add(correction.to());
            }
        }
        EdArrivals.Arrival before = known.get();
        EdArrivals.Arrival cancelled = new EdArrivals.Arrival(before.visitId(),
            cancellation.message().header().controlId(), before.day(), before.arrivedAt(), before.department(),
            before.ins(), before.patientName(), before.birthDate(), before.gpId(), before.gpName(), before.notified(),
            EdOutcome.CANCELLED, decision.reason(), before.noticeMessageId(), now);
        audit(peer, cancellation, decision, corrected, now);
        arrivals.record(peer.box(), cancelled);
        return "cancellation of visit " + cancellation.visitId() + ": CANCELLED"
            + (corrected.isEmpty() ? ", no notice had left" : ", correction to " + String.join(", ",
                corrected.stream().map(BoxAddress::address).toList()));
    }

    private void keep(Peer peer, Admission admission, EdDecision decision, List<BoxAddress> notified,
                      Optional<String> firstNotice, Instant now) throws DependencyUnavailableException {
        // Audited first: kept and not audited, the message sent again would find the visit told and audit nothing.
        audit(peer, admission, decision, notified, now);
        arrivals.record(peer.box(), new EdArrivals.Arrival(admission.visitId(),
            admission.message().header().controlId(), admission.arrivedAt().atZone(zone).toLocalDate(),
            admission.arrivedAt(), admission.department(), admission.patient().ins().map(ins -> ins.matricule()),
            EdNotifications.patientName(admission.patient()), admission.patient().birthDate(),
            decision.gp().map(gp -> gp.idNat().value()), decision.gp().map(GpReference::displayName).orElse(""),
            notified, decision.outcome(), decision.reason(), firstNotice, now));
    }

    /** The outcome in the audit trail: its rule, the visit (no name of the patient), the boxes told. */
    private void audit(Peer peer, Admission admission, EdDecision decision, List<BoxAddress> told, Instant now) {
        audit.append(AuditRecord.builder(Decision.ED_ARRIVAL).time(now).via(VIA)
            .rule(decision.outcome().rule().id())
            .reason(decision.outcome() + " (visit " + admission.visitId() + "): " + decision.reason())
            .mail(VISIT_PREFIX + admission.visitId())
            .messageId(admission.message().header().controlId())
            .sender(peer.box().address())
            .recipients(told.stream().map(BoxAddress::address).toList())
            .build());
    }
}
