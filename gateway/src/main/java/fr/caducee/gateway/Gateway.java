package fr.caducee.gateway;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.AuditTrail;
import fr.caducee.audit.AuditUnavailableException;
import fr.caducee.audit.Decision;
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
 * One HL7 message from a hospital, from its frame to its acknowledgement: read and checked ({@code message}), the
 * peer's facility checked, a message sent again answered from the store, then the route that takes its type
 * ({@link MessageRoute}), the outcome audited, the answer stored and returned. {@code AR} when a dependency is down.
 *
 * <p>Every answer is audited before it is given ({@code via gateway}, the sender the hospital's box, the Message-ID
 * its MSH-10): {@code HL7_HANDLED} with what the message caused, or {@code REFUSED} with the rule and the sentence
 * of ERR-8. {@code AA} and the refusals of the message itself ({@code AE}) are kept, so that the same message sent
 * again gets the same bytes; {@code AR} is not (the hospital sends again and the message is handled then), nor a
 * refusal that depends on the operator's configuration (an unknown peer, a FINESS not declared), which may be put
 * right before the message is sent again. A message is handled by one thread at a time: two copies sent at once on
 * two connections wait for each other, and the second is answered from the store.
 */
public final class Gateway {
    private static final Logger LOGGER = LoggerFactory.getLogger(Gateway.class);
    static final String VIA = "gateway";
    private static final int STRIPES = 256;

    private final Hl7Reader reader;
    private final Acknowledgements acknowledgements;
    private final Facilities facilities;
    private final Answers answers;
    private final AuditTrail audit;
    private final List<MessageRoute> routes;
    private final Clock clock;
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

    public Gateway(Hl7Reader reader, Acknowledgements acknowledgements, Facilities facilities, Answers answers,
                   AuditTrail audit, List<MessageRoute> routes, Clock clock) {
        this.reader = reader;
        this.acknowledgements = acknowledgements;
        this.facilities = facilities;
        this.answers = answers;
        this.audit = audit;
        this.routes = List.copyOf(routes);
        this.clock = clock;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /** A frame from a hospital its client certificate names. */
    public byte[] answer(byte[] payload, Peer peer, Connection connection) {
        Inbound message;
        try {
            message = reader.read(payload);
        } catch (Hl7Refusal refusal) {
            return refusedMessage(refusal, peer, connection, payload.length);
        } catch (RuntimeException e) {
            return internalError(e, Optional.empty(), Optional.of(peer), connection, payload.length);
        }
        return answer(message, peer, connection, payload.length);
    }

    /**
     * A frame on the plain development listener, where no certificate tells the peer: the hospital is the declared
     * one whose establishments include MSH-4's FINESS.
     */
    public byte[] answerByFacility(byte[] payload, Connection connection) {
        Inbound message;
        try {
            message = reader.read(payload);
        } catch (Hl7Refusal refusal) {
            return refused(refusal, Optional.empty(), connection, payload.length);
        } catch (RuntimeException e) {
            return internalError(e, Optional.empty(), Optional.empty(), connection, payload.length);
        }
        Optional<Peer> peer;
        try {
            peer = facilities.byFacility(message.header());
        } catch (DependencyUnavailableException e) {
            return unavailable(e, message.header(), Optional.empty(), connection, payload.length);
        }
        if (peer.isEmpty()) {
            return refused(new Hl7Refusal(Rule.HL7_PEER_UNKNOWN, "On this development listener (plain MLLP) the "
                + "hospital is told by MSH-4, and '" + message.header().sendingFacility() + "' names the FINESS of "
                + "no hospital declared to the gateway (caducee.gateway.hospital.<id>.finess)",
                Optional.of(message.header()), "MSH^1^4"), Optional.empty(), connection, payload.length);
        }
        return answer(message, peer.get(), connection, payload.length);
    }

    /** A frame on a connection whose client certificate names no hospital declared to the gateway. */
    public byte[] refuseUnknownPeer(byte[] payload, Connection connection) {
        Optional<Header> header;
        try {
            header = Optional.of(reader.read(payload).header());
        } catch (Hl7Refusal refusal) {
            header = refusal.header();
        } catch (RuntimeException e) {
            header = Optional.empty();
        }
        return refused(new Hl7Refusal(Rule.HL7_PEER_UNKNOWN, "The client certificate (" + connection.certificate()
            + ") names no hospital declared to this gateway: the operator declares the hospital's APP box "
            + "(caducee.gateway.hospital.<id>.box) and its certificate names it", header), Optional.empty(),
            connection, payload.length);
    }

    /** A frame the MLLP reader refused (framing, size): nothing of it was read, its answer has no MSA-2. */
    public byte[] refuseFrame(MllpFramingException framing, Optional<Peer> peer, Connection connection) {
        return refused(new Hl7Refusal(framing.rule(), framing.getMessage(), Optional.empty()), peer, connection, -1);
    }

    /** A hospital's message that could not be answered because the peer's directory entries cannot be read. */
    public byte[] unavailable(byte[] payload, DependencyUnavailableException cause, Connection connection) {
        Optional<Header> header;
        try {
            header = Optional.of(reader.read(payload).header());
        } catch (Hl7Refusal refusal) {
            header = refusal.header();
        } catch (RuntimeException e) {
            header = Optional.empty();
        }
        return header.map(known -> unavailable(cause, known, Optional.empty(), connection, payload.length))
            .orElseGet(() -> refused(new Hl7Refusal(Rule.HL7_DEPENDENCY_UNAVAILABLE, unavailableSentence(cause),
                Optional.empty()), Optional.empty(), connection, payload.length));
    }

    private byte[] answer(Inbound message, Peer peer, Connection connection, int size) {
        Header header = message.header();
        try {
            facilities.check(peer, header);
        } catch (Hl7Refusal refusal) {
            return refused(refusal, Optional.of(peer), connection, size);
        } catch (RuntimeException e) {
            return internalError(e, Optional.of(header), Optional.of(peer), connection, size);
        }
        ReentrantLock lock = stripe(peer, header.controlId());
        lock.lock();
        try {
            Optional<Answers.Answer> earlier = answers.find(peer.box(), header.controlId());
            if (earlier.isPresent()) {
                return answeredBefore(earlier.get(), header, peer, connection, size);
            }
            Optional<MessageRoute> route = routes.stream().filter(candidate -> candidate.takes(header)).findFirst();
            if (route.isEmpty()) {
                throw new Hl7Refusal(Rule.HL7_UNSUPPORTED_TYPE, "This gateway takes no " + header.messageType()
                    + " message: it takes ADT (admissions), ORU^R01 and MDM^T02/T04/T10 (documents)",
                    Optional.of(header), "MSH^1^9");
            }
            String summary = route.get().handle(peer, message);
            byte[] ack = acknowledgements.accept(header);
            record(AuditRecord.builder(Decision.HL7_HANDLED).reason(summary), Optional.of(header), Optional.of(peer),
                connection, size);
            return answers.keep(peer.box(), header, clock.instant(), new Answers.Answer("AA", ack, summary)).ack();
        } catch (Hl7Refusal refusal) {
            return keptRefusal(refusal.header().isPresent() ? refusal : refusal.about(header), peer, connection, size);
        } catch (DependencyUnavailableException e) {
            return unavailable(e, header, Optional.of(peer), connection, size);
        } catch (AuditUnavailableException e) {
            return auditUnavailable(e, header, peer, connection, size);
        } catch (RuntimeException e) {
            return internalError(e, Optional.of(header), Optional.of(peer), connection, size);
        } finally {
            lock.unlock();
        }
    }

    /** A message the reader refused: sent again, it gets the answer kept the first time. */
    private byte[] refusedMessage(Hl7Refusal refusal, Peer peer, Connection connection, int size) {
        Optional<Header> header = refusal.header().filter(known -> !known.controlId().isEmpty());
        if (header.isEmpty()) {
            return refused(refusal, Optional.of(peer), connection, size);
        }
        ReentrantLock lock = stripe(peer, header.get().controlId());
        lock.lock();
        try {
            Optional<Answers.Answer> earlier = answers.find(peer.box(), header.get().controlId());
            if (earlier.isPresent()) {
                return answeredBefore(earlier.get(), header.get(), peer, connection, size);
            }
            return keptRefusal(refusal, peer, connection, size);
        } catch (DependencyUnavailableException e) {
            return unavailable(e, header.get(), Optional.of(peer), connection, size);
        } finally {
            lock.unlock();
        }
    }

    /** An {@code AE} about the message itself: audited, then kept, so that a copy sent again gets the same bytes. */
    private byte[] keptRefusal(Hl7Refusal refusal, Peer peer, Connection connection, int size) {
        byte[] ack = acknowledgements.refuse(refusal);
        Optional<Header> header = refusal.header().filter(known -> !known.controlId().isEmpty());
        try {
            record(refusalRecord(refusal), refusal.header(), Optional.of(peer), connection, size);
            if (header.isEmpty()) {
                return ack;
            }
            return answers.keep(peer.box(), header.get(), clock.instant(),
                new Answers.Answer(refusal.rule().reply(), ack, refusal.sentence())).ack();
        } catch (DependencyUnavailableException e) {
            return unavailable(e, header.get(), Optional.of(peer), connection, size);
        } catch (AuditUnavailableException e) {
            return auditUnavailable(e, header.orElse(null), peer, connection, size);
        }
    }

    private byte[] answeredBefore(Answers.Answer earlier, Header header, Peer peer, Connection connection, int size) {
        try {
            record(AuditRecord.builder(Decision.HL7_HANDLED).reason("sent again, answered " + earlier.code()
                + " as the first time, nothing done: " + earlier.summary()), Optional.of(header), Optional.of(peer),
                connection, size);
        } catch (AuditUnavailableException e) {
            return auditUnavailable(e, header, peer, connection, size);
        }
        return earlier.ack();
    }

    /** A refusal that is not kept: audited and answered. */
    private byte[] refused(Hl7Refusal refusal, Optional<Peer> peer, Connection connection, int size) {
        try {
            record(refusalRecord(refusal), refusal.header(), peer, connection, size);
        } catch (AuditUnavailableException e) {
            LOGGER.error("Gateway: {} could not be audited ({}); answered all the same, nothing was done",
                refusal.getMessage(), e.getMessage());
        }
        return acknowledgements.refuse(refusal);
    }

    private byte[] unavailable(DependencyUnavailableException cause, Header header, Optional<Peer> peer,
                               Connection connection, int size) {
        LOGGER.warn("Gateway: message {} of {} answered AR: {}", header.controlId(),
            peer.map(known -> known.box().address()).orElse(connection.remote()), cause.getMessage());
        return refused(new Hl7Refusal(Rule.HL7_DEPENDENCY_UNAVAILABLE, unavailableSentence(cause),
            Optional.of(header)), peer, connection, size);
    }

    private static String unavailableSentence(DependencyUnavailableException cause) {
        return "Nothing was done: " + cause.getMessage() + ". Send the message again in a few minutes";
    }

    /** Nothing may be answered {@code AA} that the trail could not record: the hospital sends it again. */
    private byte[] auditUnavailable(AuditUnavailableException cause, Header header, Peer peer, Connection connection,
                                    int size) {
        LOGGER.error("Gateway: message {} of {} answered AR: the audit trail cannot be written ({})",
            header == null ? "" : header.controlId(), peer.box(), cause.getMessage());
        return acknowledgements.refuse(new Hl7Refusal(Rule.HL7_DEPENDENCY_UNAVAILABLE, "The server cannot trace "
            + "this message now, so it was not taken: send it again in a few minutes", Optional.ofNullable(header)));
    }

    private byte[] internalError(RuntimeException e, Optional<Header> header, Optional<Peer> peer,
                                 Connection connection, int size) {
        String controlId = header.map(Header::controlId).orElse("");
        LOGGER.error("Gateway: message {} of {} could not be handled", controlId,
            peer.map(known -> known.box().address()).orElse(connection.remote()), e);
        return refused(new Hl7Refusal(Rule.HL7_INTERNAL_ERROR, "The message could not be handled for a reason of "
            + "ours; the operator's support has the details under MSH-10 '" + controlId + "'", header), peer,
            connection, size);
    }

    private static AuditRecord.Builder refusalRecord(Hl7Refusal refusal) {
        return AuditRecord.builder(Decision.REFUSED).rule(refusal.rule().id())
            .reason(refusal.rule().reply() + " " + refusal.rule().code() + " " + refusal.sentence());
    }

    private void record(AuditRecord.Builder record, Optional<Header> header, Optional<Peer> peer,
                        Connection connection, int size) {
        audit.append(record.time(clock.instant()).via(VIA)
            .sender(peer.map(known -> known.box().address()).orElse(null))
            .messageId(header.map(Header::controlId).filter(id -> !id.isEmpty()).orElse(null))
            .peer(connection.certificate().isEmpty() ? null : connection.certificate())
            .remote(connection.remote()).session(connection.id()).size(size).build());
    }

    private ReentrantLock stripe(Peer peer, String controlId) {
        return stripes[Math.floorMod((peer.box().address() + "\0" + controlId).hashCode(), STRIPES)];
    }
}
