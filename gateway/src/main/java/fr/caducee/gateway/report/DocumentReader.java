package fr.caducee.gateway.report;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import fr.caducee.domain.documents.CdaReader;
import fr.caducee.domain.documents.UnreadableArchiveException;
import fr.caducee.domain.identifier.Ins;
import fr.caducee.domain.identifier.InvalidIdentifierException;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.gateway.admission.PatientReader;
import fr.caducee.gateway.admission.PatientTraits;
import fr.caducee.gateway.message.Hl7Refusal;
import fr.caducee.gateway.message.Inbound;
import fr.caducee.gateway.message.Segments;
import fr.caducee.rules.Rule;

/**
 * Reads ORU^R01 and MDM^T02/T04/T10 per the CI-SIS volet "transmission de documents CDA en HL7v2" (pages
 * "profils-messages", "meta-dmp-mss", "regles-gestion-mssante", "evenements-declenchants").
 *
 * <ul>
 *   <li>A document is an OBX of type ED whose OBX-3 is coded in LOINC ({@code LN}) or ANS's {@code TRE_A05}, its
 *       OBX-5 {@code ^TEXT^XML^Base64^<CDA>} (ORU writes {@code TEXT}, MDM {@code text}); it must decode to a CDA R2
 *       {@code ClinicalDocument} (the domain's hardened reader).</li>
 *   <li>A flag is an OBX whose OBX-3.3 is {@code MetaDMPMSS}, its value OBX-5.1 {@code Y} or {@code N} (CE in the
 *       ORU, CWE in the MDM); the mail bodies {@code CORPSMAIL_*} are ED in Base64, read tolerantly: ANS's own ORU
 *       example cuts its Base64 short, so a last group of 2 or 3 characters is decoded as if padded, a last lone
 *       character (6 bits, no whole byte) is dropped, and the text is UTF-8 with anything invalid replaced.</li>
 *   <li>PRT (pre-adopted from 2.9): {@code RCT} a recipient (PRT-15.4), {@code REPLY} the reply address, {@code SB}
 *       the sender (PRT-5.1).</li>
 * </ul>
 *
 * <p>Refused as contradictory ({@code hl7-inconsistent-message}), as the volet asks: a document hidden from the
 * patient sent to the patient, or masked from professionals sent to professionals (the two prohibitions of the
 * management matrix), OBX-11 against ORC-1 or the MDM event ("En cas d'incohérence entre ces champs, le message HL7
 * sera rejeté"), and a patient recipient whose INS is not PID's.
 */
public final class DocumentReader {
    private static final String FLAGS = "MetaDMPMSS";
    private static final Set<String> DOCUMENT_CODINGS = Set.of("LN", "TRE_A05");
    private static final Map<String, DocumentAction> ACTIONS = Map.of("F", DocumentAction.NEW,
        "C", DocumentAction.REPLACEMENT, "D", DocumentAction.DELETION);
    private static final Map<String, DocumentAction> ORDER_CONTROLS = Map.of("NW", DocumentAction.NEW,
        "RO", DocumentAction.REPLACEMENT, "CA", DocumentAction.DELETION);
    private static final Map<String, DocumentAction> MDM_EVENTS = Map.of("T02", DocumentAction.NEW,
        "T10", DocumentAction.REPLACEMENT, "T04", DocumentAction.DELETION);

    /**
     * @throws Hl7Refusal {@code hl7-required-field-missing} (no document, no INS while the record or the patient is
     *     a destination), {@code hl7-document-unreadable} (not Base64, not XML), {@code hl7-inconsistent-message}
     */
    public DocumentMessage read(Inbound message) throws Hl7Refusal {
        List<Segments> segments = Segments.of(message.message());
        Segments pid = Segments.named(segments, "PID").stream().findFirst().orElseThrow(() -> refusal(message,
            Rule.HL7_REQUIRED_FIELD, "the message has no PID segment: a document is about one patient", "PID^1"));
        PatientTraits patient = PatientReader.read(pid);
        List<ReportDocument> documents = new ArrayList<>();
        Map<String, Flag> flags = new HashMap<>();
        boolean patientMayNotReply = false;
        Flag last = null;
        for (Segments segment : segments) {
            if (segment.name().equals("NTE") && last != null && last.code.equals("DESTMSSANTEPAT")
                    && segment.value(4).equalsIgnoreCase("FIN")) {
                patientMayNotReply = true;
            }
            if (!segment.name().equals("OBX")) {
                continue;
            }
            last = null;
            String coding = segment.value(3, 3);
            if (coding.equalsIgnoreCase(FLAGS)) {
                last = flag(message, segment);
                flags.putIfAbsent(last.code, last);
            } else if (segment.value(2).equals("ED") && DOCUMENT_CODINGS.contains(coding)) {
                documents.add(document(message, segment));
            }
        }
        if (documents.isEmpty()) {
            throw refusal(message, Rule.HL7_REQUIRED_FIELD, "the message carries no document: an OBX of type ED "
                + "whose OBX-3 is the document's LOINC code (^LN) and OBX-5 ^TEXT^XML^Base64^<the CDA>", "OBX^1^5");
        }
        MetaFlags meta = new MetaFlags(yes(flags, "DESTDMP"), yes(flags, "DESTMSSANTEPS"),
            yes(flags, "DESTMSSANTEPAT"), yes(flags, "MASQUE_PS"), yes(flags, "INVISIBLE_PATIENT"),
            yes(flags, "INVISIBLE_REP_LEGAUX"), yes(flags, "ACK_RECEPTION"), yes(flags, "ACK_LECTURE_MSS"),
            body(flags, "CORPSMAIL_PS"), body(flags, "CORPSMAIL_PATIENT"), patientMayNotReply);
        List<ReportRecipient> recipients = new ArrayList<>();
        Optional<String> replyTo = Optional.empty();
        Optional<String> author = Optional.empty();
        for (Segments prt : Segments.named(segments, "PRT")) {
            switch (prt.value(4).toUpperCase(Locale.ROOT)) {
                case "RCT" -> recipients.add(recipient(message, prt));
                case "REPLY" -> replyTo = replyTo.or(() -> address(prt));
                case "SB" -> author = author.or(() -> Optional.of(prt.value(5)).filter(id -> !id.isEmpty()));
                default -> { }
            }
        }
        author = author.or(() -> firstValue(segments, "TXA", 22)).or(() -> Segments.named(segments, "OBR").stream()
            .map(obr -> obr.value(32, 0, 1, 1)).filter(id -> !id.isEmpty()).findFirst());
        checkDestinations(message, pid, patient, meta, recipients);
        checkActions(message, segments, documents);
        return new DocumentMessage(message, patient, documents, meta, recipients, replyTo, author);
    }

    private static ReportDocument document(Inbound message, Segments obx) throws Hl7Refusal {
        String location = obx.location(5);
        String what = "the document of OBX " + obx.sequence() + " (" + obx.value(3) + ")";
        String subtype = obx.value(5, 3);
        if (!subtype.equalsIgnoreCase("XML")) {
            throw refusal(message, Rule.HL7_DOCUMENT_UNREADABLE, what + " is of type '" + obx.value(5, 2) + "^"
                + subtype + "': the gateway takes CDA R2 documents, OBX-5 ^TEXT^XML^Base64^<the CDA>", location);
        }
        if (!obx.value(5, 4).equalsIgnoreCase("Base64")) {
            throw refusal(message, Rule.HL7_DOCUMENT_UNREADABLE, what + " is encoded '" + obx.value(5, 4) + "': "
                + "OBX-5.4 must be Base64", location);
        }
        byte[] content;
        try {
            content = Base64.getDecoder().decode(obx.value(5, 5));
        } catch (IllegalArgumentException e) {
            throw refusal(message, Rule.HL7_DOCUMENT_UNREADABLE, what + " is not Base64 (" + e.getMessage() + ")",
                location);
        }
        if (content.length == 0) {
            throw refusal(message, Rule.HL7_REQUIRED_FIELD, what + " is empty: OBX-5.5 carries the CDA in Base64",
                location);
        }
        try {
            CdaReader.read(content, "OBX-5 of OBX " + obx.sequence());
        } catch (UnreadableArchiveException e) {
            throw refusal(message, Rule.HL7_DOCUMENT_UNREADABLE, e.getMessage(), location);
        }
        String status = obx.value(11);
        DocumentAction action = ACTIONS.get(status);
        if (action == null) {
            throw refusal(message, Rule.HL7_REQUIRED_FIELD, "OBX-11 of " + what + " is '" + status + "': F (new), "
                + "C (replacement) or D (deletion)", obx.location(11));
        }
        return new ReportDocument(obx.value(3), obx.value(3, 2), "text/xml", content, action);
    }

    private static Flag flag(Inbound message, Segments obx) throws Hl7Refusal {
        String code = obx.value(3).toUpperCase(Locale.ROOT);
        if (obx.value(2).equals("ED")) {
            return new Flag(code, false, Optional.of(text(message, obx, code)));
        }
        String value = obx.value(5).toUpperCase(Locale.ROOT);
        if (!value.equals("Y") && !value.equals("N")) {
            throw refusal(message, Rule.HL7_REQUIRED_FIELD, code + " is '" + obx.value(5) + "': a MetaDMPMSS flag "
                + "is Y or N (HL7 table 0136)", obx.location(5));
        }
        return new Flag(code, value.equals("Y"), Optional.empty());
    }

    /** A mail body: ED, Base64 (or A, plain text), read tolerantly (see the class). */
    private static String text(Inbound message, Segments obx, String code) throws Hl7Refusal {
        String encoding = obx.value(5, 4);
        String data = obx.value(5, 5);
        if (encoding.equalsIgnoreCase("A")) {
            return data;
        }
        if (!encoding.equalsIgnoreCase("Base64")) {
            throw refusal(message, Rule.HL7_DOCUMENT_UNREADABLE, code + " is encoded '" + encoding + "': OBX-5.4 "
                + "must be Base64", obx.location(5));
        }
        String whole = data.replace("=", "");
        if (whole.length() % 4 == 1) {
            whole = whole.substring(0, whole.length() - 1);
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(whole), StandardCharsets.UTF_8);
            // A text cut inside a character ends with the replacement character: the cut is dropped.
            return decoded.endsWith("\uFFFD") ? decoded.substring(0, decoded.length() - 1) : decoded;
        } catch (IllegalArgumentException e) {
            throw refusal(message, Rule.HL7_DOCUMENT_UNREADABLE, code + " is not Base64 (" + e.getMessage() + ")",
                obx.location(5));
        }
    }

    private static ReportRecipient recipient(Inbound message, Segments prt) throws Hl7Refusal {
        String address = address(prt).orElseThrow(() -> refusal(message, Rule.HL7_REQUIRED_FIELD, "PRT "
            + prt.sequence() + " (RCT) names no address: PRT-15.4 carries the recipient's secure-messaging address",
            prt.location(15)));
        BoxAddress box;
        try {
            box = BoxAddress.parse(address);
        } catch (InvalidIdentifierException e) {
            throw refusal(message, Rule.HL7_REQUIRED_FIELD, "PRT " + prt.sequence() + " (RCT): " + e.getMessage(),
                prt.location(15));
        }
        Optional<String> identifier = Optional.of(prt.value(5)).filter(id -> !id.isEmpty());
        boolean patientAuthority = prt.value(5, 0, 13, 1).equalsIgnoreCase("INS")
            || prt.subcomponents(5, 0, 9).stream().anyMatch(PatientReader.INS_AUTHORITIES::contains);
        return new ReportRecipient(address, identifier, prt.value(5, 0, 2, 1), prt.value(5, 3),
            patientAuthority || patientBox(box).isPresent());
    }

    /** The INS of a patient's box ({@code <INS>@patient.<domain>}), empty for any other address. */
    private static Optional<Ins> patientBox(BoxAddress box) {
        boolean patientDomain = box.domain().startsWith("patient.");
        return patientDomain && Ins.isValid(box.localPart()) ? Optional.of(Ins.parse(box.localPart()))
            : Optional.empty();
    }

    private static Optional<String> address(Segments prt) {
        for (int rep = 0; rep < prt.repetitions(15); rep++) {
            String address = prt.value(15, rep, 4, 1);
            if (!address.isEmpty()) {
                return Optional.of(address);
            }
        }
        return Optional.empty();
    }

    private static void checkDestinations(Inbound message, Segments pid, PatientTraits patient, MetaFlags flags,
                                          List<ReportRecipient> recipients) throws Hl7Refusal {
        if ((flags.toRecord() || flags.toPatient()) && patient.ins().isEmpty()) {
            String destination = flags.toRecord() ? "DESTDMP" : "DESTMSSANTEPAT";
            throw refusal(message, Rule.HL7_REQUIRED_FIELD, destination + " is Y but "
                + PatientReader.insProblem(pid).orElse("PID-3 holds no INS (identifier type INS under an INS "
                    + "authority)") + ": the record and the patient's box need the patient's qualified INS",
                pid.location(3));
        }
        if (flags.toPatient() && flags.invisibleToPatient()) {
            throw refusal(message, Rule.HL7_INCONSISTENT, "DESTMSSANTEPAT is Y while INVISIBLE_PATIENT is Y: a "
                + "document hidden from the patient is never sent to the patient; set DESTMSSANTEPAT to N", "");
        }
        if (flags.toProfessionals() && flags.hiddenFromProfessionals()) {
            throw refusal(message, Rule.HL7_INCONSISTENT, "DESTMSSANTEPS is Y while MASQUE_PS is Y: a document "
                + "masked from professionals is not sent to them; set DESTMSSANTEPS to N", "");
        }
        if (flags.toProfessionals() && recipients.stream().noneMatch(r -> !r.patient())) {
            throw refusal(message, Rule.HL7_REQUIRED_FIELD, "DESTMSSANTEPS is Y but no PRT RCT names a "
                + "professional's address (PRT-15.4): name the recipients, or set DESTMSSANTEPS to N", "PRT^1^15");
        }
        for (ReportRecipient recipient : recipients) {
            Optional<Ins> named = patientBox(BoxAddress.parse(recipient.address()));
            if (recipient.patient() && named.isPresent() && patient.ins().isPresent()
                    && !named.equals(patient.ins())) {
                throw refusal(message, Rule.HL7_INCONSISTENT, "the patient recipient " + recipient.address()
                    + " is not the box of the patient PID-3 names (INS " + patient.ins().get() + "): a document goes "
                    + "only to its own patient", "");
            }
        }
    }

    private static void checkActions(Inbound message, List<Segments> segments, List<ReportDocument> documents)
            throws Hl7Refusal {
        String event = message.header().triggerEvent();
        Optional<String> orderControl = firstValue(segments, "ORC", 1);
        DocumentAction expected;
        String by;
        if (message.header().messageCode().equals("MDM")) {
            expected = MDM_EVENTS.get(event);
            by = "the event MDM^" + event;
        } else {
            expected = orderControl.map(ORDER_CONTROLS::get).orElse(null);
            by = "ORC-1 " + orderControl.orElse("");
        }
        for (ReportDocument document : documents) {
            if (expected != null && document.action() != expected) {
                throw refusal(message, Rule.HL7_INCONSISTENT, "OBX-11 asks for " + name(document.action())
                    + " of the document " + document.typeCode() + " while " + by + " asks for " + name(expected)
                    + ": the two must agree (NW/T02 with F, RO/T10 with C, CA/T04 with D)", "");
            }
        }
    }

    private static String name(DocumentAction action) {
        return switch (action) {
            case NEW -> "a new document (F)";
            case REPLACEMENT -> "a replacement (C)";
            case DELETION -> "a deletion (D)";
        };
    }

    private static Optional<String> firstValue(List<Segments> segments, String name, int field) {
        return Segments.named(segments, name).stream().map(s -> s.value(field)).filter(v -> !v.isEmpty())
            .findFirst();
    }

    private static boolean yes(Map<String, Flag> flags, String code) {
        Flag flag = flags.get(code);
        return flag != null && flag.yes;
    }

    private static Optional<String> body(Map<String, Flag> flags, String code) {
        Flag flag = flags.get(code);
        return flag == null ? Optional.empty() : flag.text;
    }

    private static Hl7Refusal refusal(Inbound message, Rule rule, String sentence, String location) {
        return new Hl7Refusal(rule, sentence, Optional.of(message.header()), location);
    }

    private record Flag(String code, boolean yes, Optional<String> text) {
    }
}
