package fr.caducee.server.webmail;

import java.sql.SQLException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.inject.Inject;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.AuditTrail;
import fr.caducee.audit.Decision;
import fr.caducee.domain.directory.Directory;
import fr.caducee.domain.documents.PdfRendition;
import fr.caducee.domain.documents.UnreadableArchiveException;
import fr.caducee.domain.identifier.IdNat;
import fr.caducee.records.DocumentStatus;
import fr.caducee.records.access.AccessRefusal;
import fr.caducee.records.access.AccessRequest;
import fr.caducee.records.access.AccessRules;
import fr.caducee.records.access.PatientChoices;
import fr.caducee.records.access.Reader;
import fr.caducee.rules.Rule;
import fr.caducee.server.records.RecordStoreUnavailableException;
import fr.caducee.server.records.api.AccessEntry;
import fr.caducee.server.records.api.AccessTrace;
import fr.caducee.server.records.api.RecordTables;
import fr.caducee.server.records.api.StoredDocument;
import fr.caducee.webmail.port.Correspondent;
import fr.caducee.webmail.port.Download;
import fr.caducee.webmail.port.PatientRecord;
import fr.caducee.webmail.port.RecordEntry;
import fr.caducee.webmail.port.Viewer;

/**
 * The shared record as the webmail shows it to the patient at the screen, through the very tables, access rules and
 * trace the record's HTTPS API uses: what the API shows the patient is what the webmail shows, a read here is in the
 * access log as a read there ({@code record_access} and a {@code RECORD_ACCESSED} audit record, via {@code webmail}),
 * and a choice made here is the one the API applies to professionals.
 *
 * <p>A legal representative (a parent who opened their child's box) reads as {@link Reader.Representative}: the
 * access log names them, and documents marked {@code INVISIBLE_REP_LEGAUX} do not exist for them (listed nowhere,
 * downloaded never, their title kept out of the access log). The directory must still record them as the patient's
 * representative at each call: a delegation withdrawn meanwhile opens nothing.
 *
 * <p>The database out of reach is a {@link RecordStoreUnavailableException} (its cause the {@link SQLException}).
 */
public class SharedRecordView implements PatientRecord {
    /** As the API's access log: at most this many entries, newest first. */
    static final int MAX_ACCESSES = 1000;
    static final String VIA = "webmail";
    /** Whether a version has a PDF rendition, known once read: a version's bytes never change. */
    private static final int PDF_KNOWN_ENTRIES = 10_000;

    private final RecordTables tables;
    private final AccessTrace trace;
    private final AccessRules rules;
    private final Directory directory;
    private final AuditTrail audit;
    private final RecordPeople people;
    private final Map<UUID, Boolean> pdfKnown = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Boolean> eldest) {
            return size() > PDF_KNOWN_ENTRIES;
        }
    });

    @Inject
    public SharedRecordView(RecordTables tables, AccessTrace trace, AccessRules rules, Directory directory,
                            AuditTrail audit) {
        this.tables = tables;
        this.trace = trace;
        this.rules = rules;
        this.directory = directory;
        this.audit = audit;
        this.people = new RecordPeople(directory);
    }

    @Override
    public List<RecordEntry> documents(Viewer viewer) {
        AccessRequest request = opened(viewer);
        String ins = patientIns(viewer);
        try {
            List<StoredDocument> shown = tables.search(ins, EnumSet.of(DocumentStatus.CURRENT), Optional.empty(),
                    Optional.empty(), Optional.empty()).stream()
                .filter(document -> rules.verdict(request, document.forRules()) == AccessRules.Verdict.SHOWN)
                .toList();
            trace.searched(ins, request, null, VIA);
            // A few authors write most documents: each is looked up once.
            Map<String, Correspondent> authors = new HashMap<>();
            return shown.stream().map(document -> entry(document, authors.computeIfAbsent(
                document.authorIdNat() + " " + document.depositedBy(),
                key -> people.professional(document.authorIdNat(), Optional.of(document.depositedBy()))))).toList();
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    @Override
    public Optional<Download> download(Viewer viewer, String documentId) {
        Optional<UUID> id = id(documentId);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        AccessRequest request = opened(viewer);
        String ins = patientIns(viewer);
        try {
            Optional<StoredDocument> document = tables.document(id.get()).filter(found -> found.patientIns().equals(ins))
                .filter(found -> rules.verdict(request, found.forRules()) == AccessRules.Verdict.SHOWN);
            if (document.isEmpty()) {
                return Optional.empty();
            }
            trace.read(ins, id.get(), request, null, VIA);
            byte[] content = tables.content(id.get());
            Optional<byte[]> pdf = rendition(content);
            pdfKnown.put(id.get(), pdf.isPresent());
            String name = fileName(document.get().title());
            return Optional.of(pdf.map(bytes -> new Download(name + ".pdf", "application/pdf", bytes))
                .orElseGet(() -> new Download(name + ".xml", document.get().mediaType(), content)));
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    @Override
    public List<RecordEntry.Access> accesses(Viewer viewer, int limit) {
        AccessRequest request = opened(viewer);
        String ins = patientIns(viewer);
        try {
            List<AccessEntry> log = tables.accessLog(ins, Math.max(0, Math.min(limit, MAX_ACCESSES)));
            audit.append(AuditRecord.builder(Decision.RECORD_ACCESSED).via(VIA).rule(Rule.RECORD_LOG_READ.id())
                .reason(request.reader().id() + " read the access log of record " + ins)
                .login(viewer.loginAddress()).recipients(List.of(ins)).build());
            boolean representative = request.reader() instanceof Reader.Representative;
            Map<String, Correspondent> readers = new HashMap<>();
            return log.stream().map(entry -> access(entry, representative, readers.computeIfAbsent(
                entry.reader() + " " + entry.readerBox().orElse(""), key -> reader(entry)))).toList();
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    @Override
    public Choices choices(Viewer viewer) {
        opened(viewer);
        try {
            PatientChoices choices = tables.choices(patientIns(viewer));
            return new Choices(!choices.emergencyRefused(), choices.blocked().stream().sorted()
                .map(idNat -> new Blocked(IdNat.parse(idNat), people.professional(idNat, Optional.empty())))
                .toList());
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    @Override
    public void allowEmergencyAccess(Viewer viewer, boolean allowed) {
        opened(viewer);
        try {
            tables.refuseEmergency(patientIns(viewer), !allowed);
        } catch (SQLException e) {
            throw unavailable(e);
        }
        changed(viewer, allowed ? "allowed emergency access" : "refused emergency access");
    }

    @Override
    public boolean block(Viewer viewer, IdNat professional) {
        opened(viewer);
        if (directory.professional(professional).isEmpty()) {
            return false;
        }
        try {
            tables.block(patientIns(viewer), professional.value());
        } catch (SQLException e) {
            throw unavailable(e);
        }
        changed(viewer, "blocked " + professional.value());
        return true;
    }

    @Override
    public void unblock(Viewer viewer, IdNat professional) {
        opened(viewer);
        try {
            tables.unblock(patientIns(viewer), professional.value());
        } catch (SQLException e) {
            throw unavailable(e);
        }
        changed(viewer, "unblocked " + professional.value());
    }

    /**
     * The viewer's access to the open box's record, as the rules give it: the patient's own, or their
     * representative's while the directory records them as such.
     */
    private AccessRequest opened(Viewer viewer) {
        String ins = patientIns(viewer);
        Reader reader;
        if (viewer.representative()) {
            boolean represents = directory.representedBy(viewer.login().ins()).stream()
                .anyMatch(child -> child.ins().equals(viewer.box().ins()));
            if (!represents) {
                throw new IllegalStateException(viewer.loginAddress() + " is not recorded in the directory as a "
                    + "representative of " + viewer.boxAddress() + ": their record stays closed");
            }
            reader = new Reader.Representative(viewer.login().ins().matricule(), ins, viewer.loginAddress());
        } else {
            reader = new Reader.Patient(ins, viewer.loginAddress());
        }
        AccessRequest request = AccessRequest.normal(reader);
        // The choices matter to professionals only: a patient's or representative's access ignores them.
        Optional<AccessRefusal> refusal = rules.openRecord(request, ins, PatientChoices.none(ins));
        if (refusal.isPresent()) {
            throw new IllegalStateException("the record of " + ins + " refused to " + reader.id() + ": "
                + refusal.get().sentence());
        }
        return request;
    }

    private void changed(Viewer viewer, String what) {
        String ins = patientIns(viewer);
        audit.append(AuditRecord.builder(Decision.RECORD_ACCESSED).via(VIA).rule(Rule.RECORD_SETTINGS_CHANGED.id())
            .reason(ins + " " + what + (viewer.representative() ? " (by their representative "
                + viewer.login().ins().matricule() + ")" : ""))
            .login(viewer.loginAddress()).recipients(List.of(ins)).build());
    }

    private RecordEntry entry(StoredDocument document, Correspondent author) {
        return new RecordEntry(document.id().toString(), document.title(), DocumentTypes.label(document.typeCode()),
            author, document.effectiveTime().orElse(document.depositedAt()), document.depositedAt(), hasPdf(document));
    }

    private boolean hasPdf(StoredDocument document) {
        Boolean known = pdfKnown.get(document.id());
        if (known != null) {
            return known;
        }
        try {
            boolean pdf = rendition(tables.content(document.id())).isPresent();
            pdfKnown.put(document.id(), pdf);
            return pdf;
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    private static RecordEntry.Access access(AccessEntry entry, boolean representative, Correspondent reader) {
        boolean hidden = entry.documentInvisibleToPatient() || representative && entry.documentInvisibleToRepresentatives();
        Optional<String> document = hidden ? Optional.empty() : entry.documentTitle();
        return new RecordEntry.Access(entry.at(), reader, entry.mode(), document, entry.justification());
    }

    /** The record names a professional by idNat (with their profession), a patient by INS, software by box. */
    private Correspondent reader(AccessEntry entry) {
        String id = entry.reader();
        if (id.contains("@")) {
            return people.software(id);
        }
        if (entry.mode().equals("patient")) {
            return people.patient(id, entry.readerBox());
        }
        return people.professional(id, entry.readerBox());
    }

    private static String patientIns(Viewer viewer) {
        return viewer.box().ins().matricule();
    }

    private static Optional<UUID> id(String documentId) {
        try {
            return Optional.of(UUID.fromString(documentId));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    /**
     * The title as a file name, to which the extension is added: letters, digits, spaces, apostrophes, hyphens and
     * parentheses (no dot, no slash), at most 80 characters.
     */
    static String fileName(String title) {
        String name = title.replaceAll("[^\\p{L}\\p{N} '’()_-]", " ").replaceAll("\\s+", " ").strip();
        if (name.length() > 80) {
            name = name.substring(0, 80).strip();
        }
        return name.isEmpty() ? "document" : name;
    }

    private static RecordStoreUnavailableException unavailable(SQLException e) {
        return new RecordStoreUnavailableException("the record's tables cannot be reached: " + e.getMessage(), e);
    }

    /** The document passed the deposit's checks; should it be unreadable all the same, it is given as deposited. */
    private static Optional<byte[]> rendition(byte[] cda) {
        try {
            return PdfRendition.ofCda(cda);
        } catch (UnreadableArchiveException e) {
            return Optional.empty();
        }
    }
}
