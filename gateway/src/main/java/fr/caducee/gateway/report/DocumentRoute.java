package fr.caducee.gateway.report;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.domain.documents.CdaReader;
import fr.caducee.domain.documents.ConfidentialityCodes;
import fr.caducee.domain.documents.UnreadableArchiveException;
import fr.caducee.domain.documents.XdmWriter;
import fr.caducee.domain.identifier.InvalidIdentifierException;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.PatientAddress;
import fr.caducee.gateway.DependencyUnavailableException;
import fr.caducee.gateway.GatewayMessageIds;
import fr.caducee.gateway.GatewayMessageIds.Purpose;
import fr.caducee.gateway.MessageRoute;
import fr.caducee.gateway.Peer;
import fr.caducee.gateway.message.Header;
import fr.caducee.gateway.message.Hl7Refusal;
import fr.caducee.gateway.message.Inbound;
import fr.caducee.gateway.port.Outbox;
import fr.caducee.gateway.port.PlannedMail;
import fr.caducee.gateway.port.SubmissionResult;
import fr.caducee.rules.Rule;

/**
 * The documents route: an ORU^R01 or MDM^T02/T04/T10 becomes, as its MetaDMPMSS flags ask (CI-SIS volet
 * "transmission de documents CDA en HL7v2", pages meta-dmp-mss, regles-gestion-mssante, mapping-mss):
 * <ul>
 *   <li>{@code DESTDMP=Y}: a deposit mail to the shared record's box, the documents in an {@code IHE_XDM.ZIP}
 *       ({@link XdmWriter}) with the flags' confidentiality codes, a replacement as the CDA's RPLC, a deletion as the
 *       version withdrawn;</li>
 *   <li>{@code DESTMSSANTEPS=Y}: one mail per professional recipient (PRT {@code RCT}, not the patient) with the
 *       archive, unless the document is {@code MASQUE_PS} (masked from professionals: not sent to them);</li>
 *   <li>{@code DESTMSSANTEPAT=Y}: one mail to the patient's box, unless the document is {@code INVISIBLE_PATIENT}
 *       (the spec forbids it: not sent, and the answer says so).</li>
 * </ul>
 * Each mail goes through the submission chain ({@link Outbox}) as the hospital's APP box, one recipient each; a mail
 * the chain refuses does not fail the message: its negative receipt (ZAM^Z01 N for the record, ZAM^Z02 N for a
 * recipient) is queued at once, and the answer's summary says what left and what was refused. A dependency down
 * answers {@code AR}: the hospital sends the message again, and the mails already accepted are not sent twice.
 */
public final class DocumentRoute implements MessageRoute {
    private static final Logger LOGGER = LoggerFactory.getLogger(DocumentRoute.class);

    private final DocumentReader reader;
    private final Outbox outbox;
    private final ReceiptsBack receiptsBack;
    private final Destinations destinations;
    private final Clock clock;

    /**
     * What the route needs of the server.
     *
     * @param recordBox the shared record's box ({@code caducee.records.box})
     * @param domain the server's domain: the Message-IDs' and, after {@code patient.}, the patients' boxes'
     * @param software the software's name, written in the archive's README.TXT
     */
    public record Destinations(BoxAddress recordBox, String domain, String software) {
        public Destinations {
            Objects.requireNonNull(recordBox, "recordBox");
            Objects.requireNonNull(domain, "domain");
            software = Objects.requireNonNullElse(software, "Caducée");
        }
    }

    public DocumentRoute(DocumentReader reader, Outbox outbox, ReceiptsBack receiptsBack, Destinations destinations,
                         Clock clock) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.receiptsBack = Objects.requireNonNull(receiptsBack, "receiptsBack");
        this.destinations = Objects.requireNonNull(destinations, "destinations");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public boolean takes(Header header) {
        return switch (header.messageCode()) {
            case "ORU" -> "R01".equals(header.triggerEvent());
            case "MDM" -> Set.of("T02", "T04", "T10").contains(header.triggerEvent());
            default -> false;
        };
    }

    @Override
    public String handle(Peer peer, Inbound message) throws Hl7Refusal, DependencyUnavailableException {
        DocumentMessage document = reader.read(message);
        Header header = message.header();
        MetaFlags flags = document.flags();
        if (!flags.toRecord() && !flags.toProfessionals() && !flags.toPatient()) {
            throw new Hl7Refusal(Rule.HL7_REQUIRED_FIELD, "the message sends the document nowhere: DESTDMP, "
                + "DESTMSSANTEPS and DESTMSSANTEPAT are all N or absent; set at least one to Y", Optional.of(header), "OBX");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        DocumentAction action = action(document);
        DocumentMails.Common common = new DocumentMails.Common(peer, document, title(document, header), action,
            archive(document, header, now), document.replyTo(), now);
        ZamOrigin origin = new ZamOrigin(header.sendingApplication(), header.sendingFacility(),
            header.receivingApplication(), header.receivingFacility(), header.controlId());
        Sending sending = new Sending(peer, header.controlId(), origin, now);

        List<String> outcomes = new ArrayList<>();
        if (flags.toRecord()) {
            String recordBox = destinations.recordBox().address();
            String id = messageId(peer, header, Purpose.RECORD, recordBox);
            outcomes.add("record " + recordBox + ": " + sending.send(new PlannedMail(id, peer.box(), header.controlId(),
                Purpose.RECORD, peer.box(), recordBox, Optional.empty(), flags.receptionReceipt(), false,
                DocumentMails.toRecord(common, id, recordBox))));
        }
        if (flags.toProfessionals()) {
            outcomes.addAll(toProfessionals(peer, header, document, common, sending));
        }
        if (flags.toPatient()) {
            outcomes.add(toPatient(peer, header, document, common, sending));
        }
        return header.messageCode() + "^" + header.triggerEvent() + " " + document.documents().size() + " document"
            + (document.documents().size() > 1 ? "s" : "") + " (" + describe(document, action) + "): "
            + String.join("; ", outcomes);
    }

    private List<String> toProfessionals(Peer peer, Header header, DocumentMessage document, DocumentMails.Common common,
                                         Sending sending) throws DependencyUnavailableException {
        Map<String, ReportRecipient> professionals = new LinkedHashMap<>();
        for (ReportRecipient recipient : document.recipients()) {
            if (!recipient.patient()) {
                professionals.putIfAbsent(recipient.address().strip().toLowerCase(Locale.ROOT), recipient);
            }
        }
        if (professionals.isEmpty()) {
            return List.of("professionals: none named (DESTMSSANTEPS=Y but no PRT RCT with an address)");
        }
        if (document.flags().hiddenFromProfessionals()) {
            return List.of("professionals " + String.join(", ", professionals.keySet())
                + ": not sent, the document is MASQUE_PS (masked from professionals)");
        }
        List<String> outcomes = new ArrayList<>();
        boolean reading = document.flags().readingReceipt();
        for (Map.Entry<String, ReportRecipient> entry : professionals.entrySet()) {
            String address = entry.getKey();
            String id = messageId(peer, header, Purpose.PROFESSIONAL, address);
            Optional<String> invalid = invalidAddress(address);
            if (invalid.isPresent()) {
                outcomes.add(address + ": " + sending.unsendable(id, Purpose.PROFESSIONAL, address,
                    entry.getValue().identifier(), invalid.get()));
                continue;
            }
            outcomes.add(address + ": " + sending.send(new PlannedMail(id, peer.box(), header.controlId(),
                Purpose.PROFESSIONAL, peer.box(), address, entry.getValue().identifier(),
                document.flags().receptionReceipt(), reading, DocumentMails.toProfessional(common, id, address, reading))));
        }
        return outcomes;
    }

    private String toPatient(Peer peer, Header header, DocumentMessage document, DocumentMails.Common common,
                             Sending sending) throws DependencyUnavailableException {
        if (document.patient().ins().isEmpty()) {
            return "patient: not sent, PID-3 carries no INS";
        }
        String ins = document.patient().ins().get().matricule();
        String own = ins + "@" + PatientAddress.DOMAIN_PREFIX + destinations.domain().toLowerCase(Locale.ROOT);
        List<String> notes = new ArrayList<>();
        String address = own;
        for (ReportRecipient recipient : document.recipients()) {
            if (!recipient.patient()) {
                continue;
            }
            String named = recipient.address().strip().toLowerCase(Locale.ROOT);
            if (patientOf(named).filter(ins::equals).isPresent()) {
                address = named;
                break;
            }
            // A document goes to its own patient only: an address naming another INS is never used.
            notes.add(" (PRT names " + named + ", not the box of the INS in PID-3: not used)");
        }
        if (document.flags().invisibleToPatient()) {
            return "patient " + address + ": not sent, the document is INVISIBLE_PATIENT" + String.join("", notes);
        }
        boolean reading = document.flags().readingReceipt();
        String id = messageId(peer, header, Purpose.PATIENT, address);
        return "patient " + address + ": " + sending.send(new PlannedMail(id, peer.box(), header.controlId(),
            Purpose.PATIENT, peer.box(), address, Optional.of(ins), document.flags().receptionReceipt(), reading,
            DocumentMails.toPatient(common, id, address, reading))) + String.join("", notes);
    }

    /** The submission of one message's mails, and the negative receipts of those refused. */
    private final class Sending {
        private final Peer peer;
        private final String controlId;
        private final ZamOrigin origin;
        private final Instant at;

        Sending(Peer peer, String controlId, ZamOrigin origin, Instant at) {
            this.peer = peer;
            this.controlId = controlId;
            this.origin = origin;
            this.at = at;
        }

        String send(PlannedMail mail) throws DependencyUnavailableException {
            SubmissionResult result = outbox.send(mail);
            if (result instanceof SubmissionResult.Accepted accepted) {
                return accepted.earlier() ? "sent before" : "sent";
            }
            SubmissionResult.Refused refused = (SubmissionResult.Refused) result;
            LOGGER.info("The chain refused the gateway's mail {} to {} for {} {}: {}", mail.messageId(), mail.recipient(),
                peer.box().address(), controlId, refused);
            refused(mail.messageId(), mail.purpose(), mail.recipient(), mail.recipientId(),
                refused.reply() + " " + refused.ruleId() + ": " + refused.sentence());
            return "refused, " + refused;
        }

        /** A recipient no mail can be written to: refused before the chain, with its receipt all the same. */
        String unsendable(String messageId, Purpose purpose, String recipient, Optional<String> recipientId, String why)
            throws DependencyUnavailableException {
            refused(messageId, purpose, recipient, recipientId, why);
            return "refused, " + why;
        }

        private void refused(String messageId, Purpose purpose, String recipient, Optional<String> recipientId,
                             String why) throws DependencyUnavailableException {
            String source = "refused:" + messageId;
            if (purpose == Purpose.RECORD) {
                receiptsBack.record(peer.box(), source, origin, at, Optional.of("906^" + why));
            } else {
                receiptsBack.delivery(peer.box(), source, origin, at, recipient, recipientId, Optional.of(why));
            }
        }
    }

    private String messageId(Peer peer, Header header, Purpose purpose, String recipient) {
        return GatewayMessageIds.of(peer.box(), header.controlId(), purpose, recipient.toLowerCase(Locale.ROOT),
            destinations.domain());
    }

    private byte[] archive(DocumentMessage document, Header header, Instant now) throws Hl7Refusal {
        Set<String> codes = new LinkedHashSet<>();
        if (document.flags().hiddenFromProfessionals()) {
            codes.add(ConfidentialityCodes.MASQUE_PS);
        }
        if (document.flags().invisibleToPatient()) {
            codes.add(ConfidentialityCodes.INVISIBLE_PATIENT);
        }
        if (document.flags().invisibleToRepresentatives()) {
            codes.add(ConfidentialityCodes.INVISIBLE_REP_LEGAUX);
        }
        List<XdmWriter.Document> documents = new ArrayList<>();
        Set<String> uniqueIds = new LinkedHashSet<>();
        try {
            for (ReportDocument report : document.documents()) {
                // The same document twice (one CDA in two OBX) is one entry: an archive never holds a document twice.
                if (!uniqueIds.add(CdaReader.read(report.content(), "OBX-5").uniqueId())) {
                    continue;
                }
                XdmWriter.Document written = XdmWriter.Document.of(report.content()).withCodes(codes);
                documents.add(report.action() == DocumentAction.DELETION ? written.withdrawal() : written);
            }
            return XdmWriter.archive(now, destinations.software(), documents);
        } catch (UnreadableArchiveException e) {
            throw new Hl7Refusal(Rule.HL7_DOCUMENT_UNREADABLE, "the document in OBX-5 cannot be put in an "
                + "IHE_XDM.ZIP: " + e.getMessage(), Optional.of(header), "OBX");
        }
    }

    /** A deletion anywhere makes the message a deletion, else a replacement anywhere a replacement (OBX-11). */
    private static DocumentAction action(DocumentMessage document) {
        List<DocumentAction> actions = document.documents().stream().map(ReportDocument::action).toList();
        if (actions.contains(DocumentAction.DELETION)) {
            return DocumentAction.DELETION;
        }
        return actions.contains(DocumentAction.REPLACEMENT) ? DocumentAction.REPLACEMENT : DocumentAction.NEW;
    }

    /** The CDA's title, else OBX-3.2, else the LOINC code. */
    private static String title(DocumentMessage document, Header header) throws Hl7Refusal {
        if (document.documents().isEmpty()) {
            throw new Hl7Refusal(Rule.HL7_REQUIRED_FIELD, "the message carries no document: an OBX of type ED with a "
                + "LOINC code in OBX-3 and the CDA in OBX-5", Optional.of(header), "OBX");
        }
        ReportDocument first = document.documents().get(0);
        try {
            String title = CdaReader.read(first.content(), "OBX-5").title();
            if (!title.isBlank()) {
                return title;
            }
        } catch (UnreadableArchiveException e) {
            throw new Hl7Refusal(Rule.HL7_DOCUMENT_UNREADABLE, "the document in OBX-5 is not a CDA R2 document: "
                + e.getMessage(), Optional.of(header), "OBX");
        }
        return first.typeLabel().isBlank() ? first.typeCode() : first.typeLabel();
    }

    private static String describe(DocumentMessage document, DocumentAction action) {
        Set<String> types = new LinkedHashSet<>();
        document.documents().forEach(report -> types.add(report.typeCode()));
        return switch (action) {
            case NEW -> "new";
            case REPLACEMENT -> "replacement";
            case DELETION -> "deletion";
        } + ", " + String.join(" ", types);
    }

    private static Optional<String> invalidAddress(String address) {
        try {
            BoxAddress parsed = BoxAddress.parse(address);
            PatientAddress.of(parsed);
            return Optional.empty();
        } catch (InvalidIdentifierException e) {
            return Optional.of("553 " + address + " is not a secure-messaging address: " + e.getMessage());
        }
    }

    private static Optional<String> patientOf(String address) {
        try {
            return PatientAddress.of(BoxAddress.parse(address)).map(patient -> patient.ins().matricule());
        } catch (InvalidIdentifierException e) {
            return Optional.empty();
        }
    }
}
